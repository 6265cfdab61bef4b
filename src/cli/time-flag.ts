// `--from`/`--to` flags: checked here by the one time parser (query/time.ts) so a mistyped time is
// named before any request, and then sent as written, so that `now` is the server's now.
import { LogwardenError } from '../errors/codes.ts';
import { parseTime, timeProblemMessage } from '../query/time.ts';
import { systemClock, type Clock } from '../runtime/clock.ts';

/** A commander argument parser for the time flag `flag`: returns the text, or throws naming the forms. */
export function timeFlag(flag: string, clock: Clock = systemClock): (text: string) => string {
  return (text) => {
    const parsed = parseTime(text, clock.now());
    if ('problem' in parsed) throw new LogwardenError('LW_CLI_SERVER', timeProblemMessage(flag, text, parsed.problem));
    return text;
  };
}
