/** Apple keyboards use ⌘ where everyone else uses Ctrl; labels and aria-keyshortcuts follow the user's machine. */
const isApple = /Mac|iPhone|iPad/.test(navigator.userAgent);

/** A Ctrl (⌘) shortcut as the keyboard shows it: "Ctrl+S" or "⌘S". */
export const shortcutLabel = (key: string): string => (isApple ? `⌘${key}` : `Ctrl+${key}`);

/** The same shortcut for aria-keyshortcuts: "Control+S" or "Meta+S". */
export const shortcutAria = (key: string): string => (isApple ? `Meta+${key}` : `Control+${key}`);
