/**
 * The app's two team workspace commands (issue 19): "Publish to team workspace…" copies layers of
 * the open workspace, with their stored analyses, into a PostGIS workspace (`team.publish`, the
 * copy `frontera copy` makes); "Open team workspace…" opens the app on one (Electron's main
 * process). The password an analyst types travels with the one request and is never part of a
 * URL, a stored setting, a log line or an error message.
 */
import * as z from 'zod';

const TEAM_URL = /^postgres(ql)?:\/\//i;

/** Whether `url` names a team workspace, as the dialogs check it before they ask the back end. */
export const isTeamUrl = (url: string): boolean => TEAM_URL.test(url.trim());

/** postgresql://USER@HOST:PORT/DB?schema=NAME (or postgres://), as the CLI takes it; the back end parses the rest. */
const TeamUrl = z
  .string()
  .trim()
  .max(2000)
  .regex(TEAM_URL, 'a team workspace URL starts with postgresql:// (postgresql://USER@HOST:PORT/DB?schema=NAME)');

/** Typed in a dialog: for this request's connections only. Its value is never repeated in an error. */
const Password = z.string().max(1000, 'the password is longer than 1000 characters');

export const TeamPublishInput = z
  .object({
    url: TeamUrl,
    password: Password.optional(),
    /** The open workspace's layers to publish, by id. */
    layers: z.array(z.number().int().positive()).min(1, 'choose at least one layer to publish').max(200),
    /** Also the analyses stored on those layers. */
    analyses: z.boolean().optional(),
  })
  .strict();

export const TeamOpenInput = z.object({ url: TeamUrl, password: Password.optional() }).strict();
export type TeamOpenRequest = z.infer<typeof TeamOpenInput>;

/** What a publish copied: each layer with its id there and its features, the analyses and the audit entries that went along. */
export interface TeamPublishResult {
  url: string;
  layers: { name: string; id: number; features: number }[];
  analyses: number;
  auditEntries: number;
}
