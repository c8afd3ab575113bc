// wc: the lines, words and bytes of stdin, as one line `LINES WORDS BYTES`.
import { outln, readChunk, close } from "../../lib/stdio";

export function main(): void {
  let lines = 0,
    words = 0,
    bytes = 0;
  let inWord = false;
  for (let c = readChunk(); c !== null; c = readChunk()) {
    bytes += c.length;
    for (let i = 0; i < c.length; i++) {
      const b = c[i];
      if (b == 10) lines++;
      const space = b == 32 || (b >= 9 && b <= 13);
      if (!space && !inWord) words++;
      inWord = !space;
    }
  }
  outln(lines.toString() + " " + words.toString() + " " + bytes.toString());
  close();
}
