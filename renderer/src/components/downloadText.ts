/** Long enough for the browser to start the download, short enough not to keep a report in memory. */
const REVOKE_AFTER_MS = 30_000;

/**
 * Saves text as a file through a Blob and an <a download>: the browser preview and Electron both
 * turn that into an ordinary download, with no file-system access in the renderer.
 */
export function downloadText(fileName: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
}
