/**
 * What the app's page may ask of the desktop's native save dialog (Electron only; the browser
 * shell downloads instead): a title, a suggested file name and the extensions of the format the
 * user chose. Main validates it again and remembers the path the user picked, which is then the
 * only file an export or a print from the page may write (electron/main/ipc.ts).
 */
import * as z from 'zod';

export const SavePathRequestInput = z
  .object({
    title: z.string().min(1).max(120),
    /** A plain file name: no folder, nothing hidden. */
    defaultName: z
      .string()
      .min(1)
      .max(200)
      .regex(/^[^/\\\0:*?"<>|.][^/\\\0:*?"<>|]*$/, 'a plain file name'),
    filterName: z.string().min(1).max(120),
    /** Without the dot; the first is added when the chosen name has none of them. */
    extensions: z
      .array(z.string().regex(/^[a-z0-9]{1,8}$/))
      .min(1)
      .max(4),
  })
  .strict();
export type SavePathRequest = z.infer<typeof SavePathRequestInput>;

/** `file` with the request's first extension added when it ends in none of them. */
export function withRequestedExtension(file: string, extensions: readonly string[]): string {
  const ext = /\.([^./\\]+)$/.exec(file)?.[1]?.toLowerCase();
  return ext && extensions.includes(ext) ? file : `${file}.${extensions[0]}`;
}
