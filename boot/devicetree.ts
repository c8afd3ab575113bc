// Flattened device tree (FDT, the DTB format of the Devicetree Specification,
// chapter 5), read in place through the HAL: the blob is not in linear memory.
// One pass over the structure block indexes every node and property; every
// offset, length and nesting level is checked first, so a truncated or corrupt
// tree yields an error string, never a read outside the blob or an endless loop.
import { load8, load32 } from "../hal/memory";

const FDT_MAGIC: u32 = 0xd00dfeed;
const FDT_BEGIN_NODE: u32 = 1;
const FDT_END_NODE: u32 = 2;
const FDT_PROP: u32 = 3;
const FDT_NOP: u32 = 4;
const FDT_END: u32 = 9;
const MAX_DEPTH = 32;
const MAX_NAME: u32 = 256;
const MAX_RESERVATIONS = 64;

export let dtError: string = "";

export class Reg {
  constructor(
    public addr: u64,
    public size: u64,
  ) {}
}

export class DeviceTree {
  base: u64 = 0;
  size: u32 = 0;
  private structOff: u32 = 0;
  private structEnd: u32 = 0;
  private stringsOff: u32 = 0;
  private stringsSize: u32 = 0;
  // Nodes: name, parent (-1 for the root), first property index and count.
  nodeName: Array<string> = new Array<string>();
  nodeParent: Array<i32> = new Array<i32>();
  nodeFirstProp: Array<i32> = new Array<i32>();
  nodePropCount: Array<i32> = new Array<i32>();
  // Properties: name, value offset (from base) and length.
  propName: Array<string> = new Array<string>();
  propOff: Array<u32> = new Array<u32>();
  propLen: Array<u32> = new Array<u32>();
  reservations: Array<Reg> = new Array<Reg>();

  private be32(off: u32): u32 {
    return bswap<u32>(load32(this.base + off));
  }

  // Parse the blob at kernel-virtual `addr`, at most `maxSize` bytes.
  static parse(addr: u64, maxSize: u32): DeviceTree | null {
    const t = new DeviceTree();
    t.base = addr;
    if (maxSize < 40) return t.error("no room for a header (" + maxSize.toString() + " bytes)");
    if (t.be32(0) != FDT_MAGIC) return t.error("bad magic 0x" + t.be32(0).toString(16));
    const total = t.be32(4);
    if (total < 40 || total > maxSize) return t.error("total size " + total.toString() + " outside 40.." + maxSize.toString());
    t.size = total;
    const version = t.be32(20),
      lastComp = t.be32(24);
    if (version < 16 || lastComp > 17)
      return t.error("unsupported version " + version.toString() + " (compatible " + lastComp.toString() + ")");
    t.structOff = t.be32(8);
    t.stringsOff = t.be32(12);
    const rsvOff = t.be32(16);
    t.stringsSize = t.be32(32);
    const structSize = t.be32(36);
    if (!t.within(t.structOff, structSize) || (t.structOff & 3) != 0) return t.error("structure block outside the blob");
    if (!t.within(t.stringsOff, t.stringsSize)) return t.error("strings block outside the blob");
    if (!t.within(rsvOff, 16) || (rsvOff & 7) != 0) return t.error("reservation block outside the blob");
    t.structEnd = t.structOff + structSize;
    if (!t.readReservations(rsvOff)) return null;
    if (!t.walk()) return null;
    return t;
  }

  private error(msg: string): DeviceTree | null {
    dtError = "devicetree: " + msg;
    return null;
  }

  private within(off: u32, len: u32): bool {
    return off <= this.size && len <= this.size - off;
  }

  private readReservations(off: u32): bool {
    for (let i = 0; i <= MAX_RESERVATIONS; i++) {
      if (!this.within(off, 16)) {
        dtError = "devicetree: reservation block runs off the end";
        return false;
      }
      const addr = ((<u64>this.be32(off)) << 32) | this.be32(off + 4);
      const size = ((<u64>this.be32(off + 8)) << 32) | this.be32(off + 12);
      if (addr == 0 && size == 0) return true;
      if (i == MAX_RESERVATIONS) break;
      this.reservations.push(new Reg(addr, size));
      off += 16;
    }
    dtError = "devicetree: more than " + MAX_RESERVATIONS.toString() + " memory reservations";
    return false;
  }

  // Structure-block string at `off`, NUL-terminated within `end`.
  private str(off: u32, end: u32): string | null {
    let s = "";
    for (let i: u32 = 0; i < MAX_NAME && off + i < end; i++) {
      const c = load8(this.base + off + i);
      if (c == 0) return s;
      s += String.fromCharCode(c);
    }
    return null;
  }

  private walk(): bool {
    const stack = new Array<i32>();
    let off = this.structOff;
    const end = this.structEnd;
    while (true) {
      if (off + 4 > end) {
        dtError = "devicetree: structure block ends without FDT_END";
        return false;
      }
      const token = this.be32(off);
      off += 4;
      if (token == FDT_BEGIN_NODE) {
        if (stack.length >= MAX_DEPTH) {
          dtError = "devicetree: nodes nested deeper than " + MAX_DEPTH.toString();
          return false;
        }
        if (stack.length == 0 && this.nodeName.length > 0) {
          dtError = "devicetree: a second root node";
          return false;
        }
        const name = this.str(off, end);
        if (name === null) {
          dtError = "devicetree: unterminated node name at offset " + off.toString();
          return false;
        }
        off += (<u32>name.length + 4) & ~3;
        this.nodeName.push(name);
        this.nodeParent.push(stack.length > 0 ? stack[stack.length - 1] : -1);
        this.nodeFirstProp.push(this.propName.length);
        this.nodePropCount.push(0);
        stack.push(this.nodeName.length - 1);
      } else if (token == FDT_END_NODE) {
        if (stack.length == 0) {
          dtError = "devicetree: FDT_END_NODE without a node";
          return false;
        }
        stack.pop();
      } else if (token == FDT_PROP) {
        if (stack.length == 0) {
          dtError = "devicetree: property outside any node";
          return false;
        }
        if (off + 8 > end) {
          dtError = "devicetree: truncated property header";
          return false;
        }
        const len = this.be32(off),
          nameOff = this.be32(off + 4);
        off += 8;
        if (len > end - off) {
          dtError = "devicetree: property of " + len.toString() + " bytes runs past the structure block";
          return false;
        }
        if (nameOff >= this.stringsSize) {
          dtError = "devicetree: property name offset " + nameOff.toString() + " outside the strings block";
          return false;
        }
        const name = this.str(this.stringsOff + nameOff, this.stringsOff + this.stringsSize);
        if (name === null) {
          dtError = "devicetree: unterminated property name";
          return false;
        }
        const node = stack[stack.length - 1];
        // Properties of a node are contiguous unless a child came first; keep them findable.
        if (this.nodeFirstProp[node] + this.nodePropCount[node] != this.propName.length) {
          dtError = "devicetree: property after a child node in " + this.nodeName[node];
          return false;
        }
        this.propName.push(name);
        this.propOff.push(off);
        this.propLen.push(len);
        this.nodePropCount[node] = this.nodePropCount[node] + 1;
        off += (len + 3) & ~3;
      } else if (token == FDT_NOP) {
        continue;
      } else if (token == FDT_END) {
        if (stack.length != 0) {
          dtError = "devicetree: FDT_END inside node " + this.nodeName[stack[stack.length - 1]];
          return false;
        }
        if (this.nodeName.length == 0) {
          dtError = "devicetree: no root node";
          return false;
        }
        return true;
      } else {
        dtError = "devicetree: unknown token " + token.toString() + " at offset " + (off - 4).toString();
        return false;
      }
    }
  }

  // ---- lookups ----------------------------------------------------------------

  get nodeCount(): i32 {
    return this.nodeName.length;
  }

  prop(node: i32, name: string): i32 {
    const first = this.nodeFirstProp[node];
    for (let i = first; i < first + this.nodePropCount[node]; i++) {
      if (this.propName[i] == name) return i;
    }
    return -1;
  }

  hasProp(node: i32, name: string): bool {
    return this.prop(node, name) >= 0;
  }

  propU32(node: i32, name: string, def: u32): u32 {
    const p = this.prop(node, name);
    if (p < 0 || this.propLen[p] < 4) return def;
    return this.be32(this.propOff[p]);
  }

  // Cell `i` of property `p` (an index from prop()); the caller checks propLen.
  propCell(p: i32, i: u32): u32 {
    return this.be32(this.propOff[p] + i * 4);
  }

  // A property of one or two cells, as u64 (e.g. linux,initrd-start).
  propU64(node: i32, name: string, def: u64): u64 {
    const p = this.prop(node, name);
    if (p < 0) return def;
    if (this.propLen[p] == 4) return this.be32(this.propOff[p]);
    if (this.propLen[p] == 8) return ((<u64>this.be32(this.propOff[p])) << 32) | this.be32(this.propOff[p] + 4);
    return def;
  }

  // The strings of a string-list property ("a\0b\0").
  propStrings(node: i32, name: string): Array<string> {
    const out = new Array<string>();
    const p = this.prop(node, name);
    if (p < 0) return out;
    let s = "";
    const end = this.propOff[p] + this.propLen[p];
    for (let off = this.propOff[p]; off < end; off++) {
      const c = load8(this.base + off);
      if (c == 0) {
        out.push(s);
        s = "";
      } else if (s.length < <i32>MAX_NAME) s += String.fromCharCode(c);
    }
    if (s.length > 0) out.push(s);
    return out;
  }

  propString(node: i32, name: string): string | null {
    const list = this.propStrings(node, name);
    return list.length > 0 ? list[0] : null;
  }

  isCompatible(node: i32, compat: string): bool {
    return this.propStrings(node, "compatible").includes(compat);
  }

  // Absent status means okay; "ok" is the old spelling.
  isEnabled(node: i32): bool {
    const s = this.propString(node, "status");
    return s === null || s == "okay" || s == "ok";
  }

  child(parent: i32, name: string): i32 {
    for (let i = 0; i < this.nodeName.length; i++) {
      if (this.nodeParent[i] == parent && this.nodeName[i] == name) return i;
    }
    return -1;
  }

  // "/a/b@1" or an alias name (resolved through /aliases); -1 if absent.
  // A unit-less path component also matches "name@unit".
  findNode(path: string): i32 {
    if (!path.startsWith("/")) {
      const aliases = this.findNode("/aliases");
      if (aliases < 0) return -1;
      const target = this.propString(aliases, path);
      return target !== null && target.startsWith("/") ? this.findNode(target) : -1;
    }
    let node = 0;
    const parts = path.split("/");
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i];
      if (part.length == 0) continue;
      let found = this.child(node, part);
      if (found < 0 && !part.includes("@")) {
        for (let n = 0; n < this.nodeName.length; n++) {
          if (this.nodeParent[n] == node && this.nodeName[n].startsWith(part + "@")) {
            found = n;
            break;
          }
        }
      }
      if (found < 0) return -1;
      node = found;
    }
    return node;
  }

  // Enabled nodes compatible with `compat`, in tree order.
  findCompatible(compat: string): Array<i32> {
    const out = new Array<i32>();
    for (let i = 0; i < this.nodeName.length; i++) {
      if (this.isCompatible(i, compat) && this.isEnabled(i)) out.push(i);
    }
    return out;
  }

  // The node whose phandle (or the older linux,phandle) is `ph`; -1 if none.
  byPhandle(ph: u32): i32 {
    if (ph == 0) return -1;
    for (let i = 0; i < this.nodeName.length; i++) {
      if (this.propU32(i, "phandle", 0) == ph || this.propU32(i, "linux,phandle", 0) == ph) return i;
    }
    return -1;
  }

  // Where a node's `interrupts` go: its own or its nearest ancestor's
  // `interrupt-parent`; -1 if none names a node.
  interruptParent(node: i32): i32 {
    for (let n = node, depth = 0; n >= 0 && depth <= MAX_DEPTH; n = this.nodeParent[n], depth++) {
      if (this.hasProp(n, "interrupt-parent")) return this.byPhandle(this.propU32(n, "interrupt-parent", 0));
    }
    return -1;
  }

  private cells(node: i32, name: string, def: u32): u32 {
    return node < 0 ? def : this.propU32(node, name, def);
  }

  // The node's `reg` entries, decoded with its parent's #address-cells and #size-cells.
  reg(node: i32): Array<Reg> {
    const out = new Array<Reg>();
    const parent = this.nodeParent[node];
    const ac = this.cells(parent, "#address-cells", 2);
    const sc = this.cells(parent, "#size-cells", 1);
    const p = this.prop(node, "reg");
    if (p < 0 || ac == 0 || ac > 2 || sc > 2) return out;
    const entry = (ac + sc) * 4;
    const n = this.propLen[p] / entry;
    for (let i: u32 = 0; i < n && i < 64; i++) {
      let off = this.propOff[p] + i * entry;
      let addr: u64 = 0,
        size: u64 = 0;
      for (let c: u32 = 0; c < ac; c++) {
        addr = (addr << 32) | this.be32(off);
        off += 4;
      }
      for (let c: u32 = 0; c < sc; c++) {
        size = (size << 32) | this.be32(off);
        off += 4;
      }
      out.push(new Reg(addr, size));
    }
    return out;
  }
}
