// The tiny cell bench spawns to time spawn: slot 0 a notification; it
// signals it first thing, then exits.
import * as sys from "../lib/sys";

export function main(): void {
  sys.notify(0, 1);
}
