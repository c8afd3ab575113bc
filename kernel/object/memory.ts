// A memory object: a run of zeroed frames named by memory capabilities and
// mapped by any cell holding one (shared rings). Its frames go back when the
// last capability is gone and the last mapping of it is removed.
import { KernelObject } from "../cap/object";
import { KIND_MEMORY } from "../../abi/caps";
import { FrameAllocator, FRAME } from "../mm/frames";
import { fillBytes } from "../../hal/memory";

export class MemoryObject extends KernelObject {
  frames: Array<u64> = new Array<u64>();
  maps: i32 = 0;
  constructor(
    public allocator: FrameAllocator,
    public hhdm: u64,
  ) {
    super();
  }
  get kind(): u32 {
    return KIND_MEMORY;
  }

  // Null when the frames run out (nothing kept).
  static create(allocator: FrameAllocator, hhdm: u64, pages: u64): MemoryObject | null {
    const m = new MemoryObject(allocator, hhdm);
    for (let i: u64 = 0; i < pages; i++) {
      const f = allocator.alloc();
      if (f == 0) {
        m.freeFrames();
        return null;
      }
      fillBytes(hhdm + f, 0, FRAME);
      m.frames.push(f);
    }
    return m;
  }

  destroy(): void {
    this.maybeFree();
  }

  maybeFree(): void {
    if (this.caps == 0 && this.maps == 0) this.freeFrames();
  }

  private freeFrames(): void {
    for (let i = 0; i < this.frames.length; i++) this.allocator.free(this.frames[i]);
    this.frames = new Array<u64>();
  }

  describe(): string {
    return this.frames.length.toString() + " pages";
  }
}
