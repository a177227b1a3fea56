/** Saves text or a data URL as a file through an <a download> (a navigation, not a fetch: the CSP allows it). */

export function downloadUrl(filename: string, href: string): void {
  const a = document.createElement('a');
  a.href = href;
  a.download = filename;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
}

export function downloadText(filename: string, content: string, mime = 'text/plain'): void {
  const url = URL.createObjectURL(new Blob([content], { type: `${mime};charset=utf-8` }));
  downloadUrl(filename, url);
  // Chromium reads the blob when the download starts; give it a moment.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A file-name-safe stamp: 2025-06-01T14-03-27. */
export function fileStamp(at = Date.now()): string {
  return new Date(at).toISOString().slice(0, 19).replace(/:/g, '-');
}
