/**
 * Saves data the page holds as a file: a download in browser mode, Electron's save dialog in the
 * desktop app (a download with no handler of ours asks where to save). One way for every "Save".
 */
export function saveAsDownload(fileName: string, data: BlobPart, type: string): void {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  URL.revokeObjectURL(url);
}
