// An initrd capability: the verified file bundles of the initrd, read by name
// (file_read, docs/syscalls.md). Only bundles that verified are visible; the
// bytes come straight from the boot module.
import { KernelObject } from "../cap/object";
import { KIND_INITRD } from "../../abi/caps";
import { E_FAULT, E_INVAL, E_NOENT } from "../../abi/errors";
import { MAX_COPY, MAX_NAME } from "../../abi/syscalls";
import { verification } from "../trust/boot";
import { KIND_FILE } from "../trust/bundle";
import { copyFromUser, copyToUser, userRangeOk } from "../cell/uaccess";
import { Cell } from "./cell";

const CHUNK: u32 = 4096;
const chunk = new StaticArray<u8>(<i32>CHUNK);

export class InitrdObject extends KernelObject {
  get kind(): u32 {
    return KIND_INITRD;
  }
  describe(): string {
    return "initrd files";
  }

  // Bytes of file `name` (the cell's memory at namePtr) from `offset` into
  // [buf, buf + len): how many, 0 at its end.
  read(cell: Cell, namePtr: u64, nameLen: u64, offset: u64, buf: u64, len: u64): i64 {
    if (nameLen == 0 || nameLen > <u64>MAX_NAME || len > <u64>MAX_COPY) return E_INVAL;
    const nb = new StaticArray<u8>(<i32>nameLen);
    if (!copyFromUser(cell.space!, changetype<usize>(nb), namePtr, <u32>nameLen)) return E_FAULT;
    if (!userRangeOk(cell.space!, buf, len, true)) return E_FAULT;
    const name = String.UTF8.decodeUnsafe(changetype<usize>(nb), <usize>nameLen);
    const bs = verification.bundles;
    for (let i = 0; i < bs.length; i++) {
      const b = bs[i].bundle;
      if (b.kind != KIND_FILE || b.name != name) continue;
      if (offset >= b.payloadLen) return 0;
      const n = min<u64>(len, b.payloadLen - offset);
      let done: u64 = 0;
      while (done < n) {
        const step = <u32>min<u64>(n - done, <u64>CHUNK);
        bs[i].module.read(b.payloadOff + offset + done, changetype<usize>(chunk), step);
        copyToUser(cell.space!, buf + done, changetype<usize>(chunk), step);
        done += step;
      }
      return <i64>n;
    }
    return E_NOENT;
  }
}
