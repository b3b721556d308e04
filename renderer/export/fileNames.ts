/** A name the save dialog and every file system accept: no separators, reserved characters or leading dot. */
export function safeFileName(name: string): string {
  const cleaned = name
    .replace(/[/\\:*?"<>|\u0000-\u001f]+/g, '_')
    .replace(/^[.\s]+/, '')
    .trim()
    .slice(0, 150);
  return cleaned || 'frontera';
}
