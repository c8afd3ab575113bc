// The tiny cell bench spawns to time spawn: slot 0 a notification; first
// thing it signals its clock reading as the bits (never 0, top bit clear),
// then exits. On one CPU bench runs again only once this cell has ended,
// so bench cannot read the clock itself when the cell starts.
import * as sys from "../../lib/sys";

export function main(): void {
  sys.notify(0, <u64>sys.time());
}
