/**
 * Whether a file and the directories above it may be trusted, decided from
 * their metadata like ssh decides for key files. Pure: the caller stats.
 *
 * - A directory on the way must be owned by the user or root, and writable by
 *   group or others only with the sticky bit (`/tmp`): otherwise someone else
 *   can swap the file between our check and our open.
 * - The file must be a regular file owned by the user or root. Writable by
 *   group or others: refused (its contents may be anyone's). A secret file
 *   readable by group or others is narrowed to owner-only, with a warning.
 * - Where the platform reports no owner or mode (Windows), only the file type
 *   is checked.
 * @module
 */

/** What the checks need from `Deno.lstat`. */
export interface FileFacts {
  kind: "file" | "directory" | "symlink" | "fifo" | "socket" | "device" | "other";
  /** Owner uid; `null` where the platform has none. */
  uid: number | null;
  /** Permission bits with the sticky bit (`0o1777`); `null` where the platform has none. */
  mode: number | null;
}

/** The decision about one file. */
export type FileVerdict =
  | { action: "accept" }
  /** Secret but readable by others: set this mode, then use it. */
  | { action: "narrow"; mode: number }
  | { action: "refuse"; problem: "type" | "owner" | "writable"; reason: string };

const GROUP_OTHER_WRITE = 0o022;
const GROUP_OTHER_ALL = 0o077;
const STICKY = 0o1000;

/**
 * Reduces `Deno.lstat` output to the facts the checks use.
 *
 * @param info A `Deno.FileInfo` from `lstat` (a symlink is reported as one).
 * @returns The facts.
 */
export function fileFacts(info: Deno.FileInfo): FileFacts {
  const kind = info.isSymlink
    ? "symlink"
    : info.isFile
    ? "file"
    : info.isDirectory
    ? "directory"
    : info.isFifo
    ? "fifo"
    : info.isSocket
    ? "socket"
    : info.isCharDevice || info.isBlockDevice
    ? "device"
    : "other";
  return { kind, uid: info.uid, mode: info.mode === null ? null : info.mode & 0o7777 };
}

/**
 * Whether `uid` may own a file the user trusts: the user or root.
 *
 * @param uid The owner (`null`: not reported).
 * @param user The current user (`null`: not known, no check).
 */
export function ownerIsTrusted(uid: number | null, user: number | null): boolean {
  return uid === null || user === null || uid === user || uid === 0;
}

function octal(mode: number): string {
  return `0${(mode & 0o777).toString(8).padStart(3, "0")}`;
}

/**
 * Why a directory above a trusted file is unsafe, if it is.
 *
 * @param facts The directory's facts.
 * @param user The current uid (`null`: unknown).
 * @returns A reason such as `writable by group or others (mode 0777)`, or `undefined` when safe.
 */
export function directoryProblem(facts: FileFacts, user: number | null): string | undefined {
  if (!ownerIsTrusted(facts.uid, user)) return `owned by another user (uid ${facts.uid})`;
  const mode = facts.mode;
  if (mode !== null && (mode & GROUP_OTHER_WRITE) !== 0 && (mode & STICKY) === 0) {
    return `writable by group or others (mode ${octal(mode)})`;
  }
  return undefined;
}

/**
 * Decides about the file itself (after any symlink was resolved).
 *
 * @param facts The file's facts.
 * @param user The current uid (`null`: unknown).
 * @param secret Whether the file holds secrets (token files): readable by others is narrowed.
 * @returns The verdict.
 */
export function fileVerdict(facts: FileFacts, user: number | null, secret: boolean): FileVerdict {
  if (facts.kind !== "file") {
    return { action: "refuse", problem: "type", reason: `not a regular file (a ${facts.kind})` };
  }
  if (!ownerIsTrusted(facts.uid, user)) {
    return {
      action: "refuse",
      problem: "owner",
      reason: `owned by another user (uid ${facts.uid})`,
    };
  }
  const mode = facts.mode;
  if (mode === null) return { action: "accept" };
  if ((mode & GROUP_OTHER_WRITE) !== 0) {
    return {
      action: "refuse",
      problem: "writable",
      reason: `writable by group or others (mode ${octal(mode)})`,
    };
  }
  if (secret && (mode & GROUP_OTHER_ALL) !== 0) {
    return { action: "narrow", mode: mode & 0o700 };
  }
  return { action: "accept" };
}

/**
 * The one-line warning for a narrowed secret file.
 *
 * @param what What the file is (`token file /x/tokens.json`).
 * @param from The mode found.
 * @param to The mode set, or why it could not be set (a read-only mount, another owner).
 */
export function narrowedWarning(what: string, from: number, to: number | Error): string {
  const outcome = to instanceof Error
    ? `could not change it (${to.message})`
    : `changed to ${octal(to)}`;
  return `${what} was readable by group or others (mode ${
    octal(from)
  }); ${outcome} (anyone who could read it may have copied the tokens)`;
}
