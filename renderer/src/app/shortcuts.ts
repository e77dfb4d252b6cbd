/** Apple keyboards use ⌘ where everyone else uses Ctrl; labels and aria-keyshortcuts follow the user's machine. */
const isApple = /Mac|iPhone|iPad/.test(navigator.userAgent);

export const sectionShortcutLabel = (digit: number): string => (isApple ? `⌘${digit}` : `Ctrl+${digit}`);

export const sectionShortcutAria = (digit: number): string => (isApple ? `Meta+${digit}` : `Control+${digit}`);
