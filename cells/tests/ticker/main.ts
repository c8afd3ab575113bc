// ticker: the bystander of usertests' fault tests. Slot 0 a page of memory
// shared with usertests: it counts in its first u32, about once a
// millisecond, forever, so usertests can see it keep running while other
// cells fault around it.
import * as sys from "../../lib/sys";

export function main(): void {
  const page = sys.mapShared(0, 1);
  if (page < 0) sys.exit(1);
  for (let n: u32 = 1; ; n++) {
    sys.storeRelease(<usize>page, n);
    sys.sleep(1_000_000);
  }
}
