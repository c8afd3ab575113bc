// upper: stdin to stdout with ASCII letters made capitals (bytes, so the
// rest of UTF-8 passes through untouched).
import { writeBytes, readChunk, close } from "../../lib/stdio";

export function main(): void {
  for (let c = readChunk(); c !== null; c = readChunk()) {
    for (let i = 0; i < c.length; i++) {
      const b = c[i];
      if (b >= 0x61 && b <= 0x7a) c[i] = b - 0x20;
    }
    writeBytes(c.dataStart, c.length);
  }
  close();
}
