// Saves text as a file through the browser's download (the desktop app shows its save dialog for it).
export const saveFile = (file: {
  readonly name: string;
  readonly type: string;
  readonly text: string;
}): void => {
  const url = URL.createObjectURL(new Blob([file.text], { type: file.type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.name;
  link.click();
  URL.revokeObjectURL(url);
};
