// parley:// links handed to the app by the OS: in the command line of a launch (Windows, Linux; a second launch
// forwards its argv to the running instance) or through 'open-url' (macOS). Only the link is taken; the
// renderer validates it as an invite before anything happens.
import { MAX_INVITE_CHARS } from '../../shared/contacts/invite-link';

export const LINK_SCHEME = 'parley';

/** The parley:// link among command-line arguments, if there is one. */
export const linkFromArgv = (argv: readonly string[]): string | null =>
  argv.find((arg) => arg.toLowerCase().startsWith(`${LINK_SCHEME}://`) && arg.length <= MAX_INVITE_CHARS) ??
  null;
