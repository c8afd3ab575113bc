// The first half of the ELF loader: read a cell's executable where it lies in
// the initrd and decide, before a frame is spent on it, whether it can be
// loaded. Only static 64-bit little-endian executables for this machine pass,
// and only if every loadable segment lies in the image area of a cell
// (docs/syscalls.md) with pages of its own, so the loader can give each page
// one protection and never both write and execute. Each field is checked
// before it is used and each sum before it is made, so no input can trap;
// the loader trusts the returned ElfImage and reads nothing else but the
// segments' bytes at [fileOff, fileOff + fileSz).
import { ModuleReader, bytes, ptr, u16At, u32At, u64At, magicIs } from "../trust/bytes";
import { PROT_READ, PROT_WRITE, PROT_EXEC } from "../mm/pagetable";
import { IMAGE_BASE, IMAGE_END } from "../../abi/memory";

export const EM_X86_64: u32 = 62;
export const EM_RISCV: u32 = 243;
// Segments must lie wholly inside the image area of a cell (abi/memory.ts).
export const MAX_SEGMENTS: i32 = 16;
export const MAX_IMAGE_BYTES: u64 = 64 << 20; // total memsz of all PT_LOAD segments

// A PT_LOAD segment: [vaddr, vaddr + memsz) in the cell, its first fileSz
// bytes from [fileOff, fileOff + fileSz) of the ELF file (an offset from the
// file's start, not the module's), the rest zero.
export class Segment {
  constructor(
    public vaddr: u64,
    public memsz: u64,
    public fileOff: u64,
    public fileSz: u64,
    public prot: u32,
  ) {}
  // prot: PROT_READ | PROT_WRITE | PROT_EXEC from kernel/mm/pagetable.ts (never WRITE with EXEC)
}

export class ElfImage {
  entry: u64 = 0;
  segments: Array<Segment> = new Array<Segment>(); // sorted by vaddr, no two share a page
}

// Why the last parseElf refused its file: one line, starting "elf: ".
export let elfError: string = "";

const EHDR: u32 = 64; // sizeof(Elf64_Ehdr)
const PHDR: u32 = 56; // sizeof(Elf64_Phdr)
const PAGE: u64 = 4096;
const ET_EXEC: u32 = 2;
const PT_LOAD: u32 = 1;
const PT_DYNAMIC: u32 = 2;
const PT_INTERP: u32 = 3;
const PT_TLS: u32 = 7;
const PF_X: u32 = 1;
const PF_W: u32 = 2;
const PF_R: u32 = 4;

function refuse(why: string): ElfImage | null {
  elfError = "elf: " + why;
  return null;
}

@inline function hex(v: u64): string {
  return "0x" + v.toString(16);
}

function machineName(m: u32): string {
  return m == EM_X86_64 ? "x86_64" : m == EM_RISCV ? "riscv64" : "an unknown machine";
}

function typeName(t: u32): string {
  if (t == 1) return "a relocatable object (ET_REL)";
  if (t == 3) return "a shared object or position-independent executable (ET_DYN)";
  if (t == 4) return "a core dump (ET_CORE)";
  return "of type " + t.toString();
}

// Parse and check the ELF file at [off, off + len) of `m`. Returns null and
// sets elfError on any refusal.
export function parseElf(m: ModuleReader, off: u64, len: u64, machine: u32): ElfImage | null {
  elfError = "";
  if (len < <u64>EHDR) return refuse("truncated: file is " + hex(len) + " bytes, shorter than the 64-byte ELF header");
  // The bundle parser already bounds the file by its module; checked again
  // here so that no read below can fail.
  if (off > m.size || len > m.size - off) return refuse("file of " + hex(len) + " bytes at " + hex(off) + " lies past its module's end");

  // One buffer, outside any loop: the header, then the program header table.
  const buf = bytes(<i32>(EHDR + <u32>MAX_SEGMENTS * PHDR));
  const h = ptr(buf);
  if (!m.read(off, h, EHDR)) return refuse("header lies past its module's end");
  if (!magicIs(h, "\x7fELF")) return refuse("not an ELF file (bad magic)");
  const cls = <u32>load<u8>(h + 4),
    data = <u32>load<u8>(h + 5),
    idVersion = <u32>load<u8>(h + 6);
  if (cls != 2)
    return refuse(cls == 1 ? "a 32-bit file (ELFCLASS32); only 64-bit executables are loaded" : "unknown ELF class " + cls.toString());
  if (data != 1)
    return refuse(
      data == 2 ? "a big-endian file; only little-endian executables are loaded" : "unknown ELF data encoding " + data.toString(),
    );
  if (idVersion != 1) return refuse("ELF identification version " + idVersion.toString() + " (expected 1)");
  const type = u16At(h, 16);
  if (type != ET_EXEC) return refuse("only static executables are loaded; this is " + typeName(type));
  const mach = u16At(h, 18);
  if (mach != machine) {
    return refuse(
      "built for " +
        machineName(mach) +
        " (machine " +
        mach.toString() +
        "), this kernel runs " +
        machineName(machine) +
        " (" +
        machine.toString() +
        ")",
    );
  }
  if (u32At(h, 20) != 1) return refuse("ELF version " + u32At(h, 20).toString() + " (expected 1)");
  if (u16At(h, 52) != EHDR) return refuse("ELF header size " + u16At(h, 52).toString() + " (expected 64)");
  if (u16At(h, 54) != PHDR) return refuse("program header size " + u16At(h, 54).toString() + " (expected 56)");
  const phnum = u16At(h, 56);
  if (phnum == 0) return refuse("no program headers");
  if (phnum > <u32>MAX_SEGMENTS) return refuse(phnum.toString() + " program headers, more than " + MAX_SEGMENTS.toString());
  // phoff is unchecked input: compare it with len before adding to it.
  const phoff = u64At(h, 32),
    phsize = <u64>phnum * PHDR;
  if (phoff > len) return refuse("truncated: program headers start at " + hex(phoff) + ", file is " + hex(len) + " bytes");
  if (phsize > len - phoff) return refuse("truncated: program headers end at " + hex(phoff + phsize) + ", file is " + hex(len) + " bytes");
  if (!m.read(off + phoff, h + EHDR, <u32>phsize)) return refuse("program headers lie past their module's end");

  const img = new ElfImage();
  const segs = img.segments;
  const index = new StaticArray<u32>(MAX_SEGMENTS); // program header number of segs[k], for messages
  let total: u64 = 0;
  for (let i: u32 = 0; i < phnum; i++) {
    const p = h + EHDR + i * PHDR;
    const pt = u32At(p, 0);
    if (pt == PT_INTERP || pt == PT_DYNAMIC) {
      return refuse(
        "segment " + i.toString() + " is " + (pt == PT_INTERP ? "PT_INTERP" : "PT_DYNAMIC") + ": dynamic linking is not supported",
      );
    }
    if (pt == PT_TLS) return refuse("segment " + i.toString() + " is PT_TLS: thread-local storage is not supported");
    // PT_PHDR, PT_NOTE, PT_GNU_STACK, PT_GNU_RELRO, PT_RISCV_ATTRIBUTES...:
    // nothing to map. An empty PT_LOAD maps nothing either.
    if (pt != PT_LOAD || u64At(p, 40) == 0) continue;
    const seg = loadSegment(p, i, len);
    if (seg === null) return null;
    total += seg.memsz; // each memsz < IMAGE_END (checked), 16 of them cannot wrap
    // Insertion by vaddr: at most 16 segments.
    segs.push(seg);
    let k = segs.length - 1;
    for (; k > 0 && unchecked(segs[k - 1]).vaddr > seg.vaddr; k--) {
      unchecked((segs[k] = unchecked(segs[k - 1])));
      index[k] = index[k - 1];
    }
    unchecked((segs[k] = seg));
    index[k] = i;
  }
  if (segs.length == 0) return refuse("no PT_LOAD segment: nothing to load");
  if (total > MAX_IMAGE_BYTES) return refuse("segments need " + hex(total) + " bytes of memory, more than the 64 MiB allowed");

  // Sorted by vaddr, so only neighbours can overlap or share a page. The
  // loader maps whole pages, each with one protection: a shared page would
  // give one segment the other's access.
  for (let k = 1; k < segs.length; k++) {
    const a = unchecked(segs[k - 1]),
      b = unchecked(segs[k]);
    const lo = min(index[k - 1], index[k]),
      hi = max(index[k - 1], index[k]);
    const aEnd = a.vaddr + a.memsz; // inside the image area: no wrap
    if (b.vaddr < aEnd) return refuse("segment " + hi.toString() + " overlaps segment " + lo.toString());
    const page = b.vaddr & ~(PAGE - 1);
    if (page < ((aEnd + PAGE - 1) & ~(PAGE - 1))) {
      return refuse(
        "segments " + lo.toString() + " and " + hi.toString() + " share the page at " + hex(page) + " (a page has one protection)",
      );
    }
  }

  const entry = u64At(h, 24);
  for (let k = 0; k < segs.length; k++) {
    const s = unchecked(segs[k]);
    if (entry < s.vaddr || entry - s.vaddr >= s.memsz) continue;
    if ((s.prot & PROT_EXEC) == 0)
      return refuse("entry point " + hex(entry) + " lies in segment " + index[k].toString() + ", which is not executable");
    img.entry = entry;
    return img;
  }
  return refuse("entry point " + hex(entry) + " lies outside every segment");
}

// The PT_LOAD program header at p (number i, memsz > 0) as a Segment, or null
// with elfError set. The range checks come first, so that every sum after
// them is of numbers below 1 GiB and cannot wrap.
function loadSegment(p: usize, i: u32, len: u64): Segment | null {
  const flags = u32At(p, 4);
  const offset = u64At(p, 8),
    vaddr = u64At(p, 16),
    filesz = u64At(p, 32),
    memsz = u64At(p, 40),
    align = u64At(p, 48);
  const s = "segment " + i.toString();
  if (vaddr < IMAGE_BASE) {
    refuse(s + " at " + hex(vaddr) + " lies below the image area [" + hex(IMAGE_BASE) + ", " + hex(IMAGE_END) + ")");
    return null;
  }
  if (vaddr >= IMAGE_END || memsz > IMAGE_END - vaddr) {
    refuse(s + " (" + hex(memsz) + " bytes at " + hex(vaddr) + ") runs past the image area's end " + hex(IMAGE_END));
    return null;
  }
  if (filesz > memsz) {
    refuse(s + " has " + hex(filesz) + " bytes in the file, more than its " + hex(memsz) + " bytes in memory");
    return null;
  }
  // A segment with no file bytes (all .bss) reads nothing: its offset only
  // has to agree with its address.
  if (filesz > 0 && offset > len) {
    refuse("truncated: " + s + "'s data starts at " + hex(offset) + ", file is " + hex(len) + " bytes");
    return null;
  }
  if (filesz > 0 && filesz > len - offset) {
    refuse("truncated: " + s + "'s data ends at " + hex(offset + filesz) + ", file is " + hex(len) + " bytes");
    return null;
  }
  if ((align & (align - 1)) != 0) {
    refuse(s + "'s alignment " + hex(align) + " is not a power of two");
    return null;
  }
  // The loader maps the file's pages where they land: the offset within the
  // page must be the same in the file and in memory.
  if ((vaddr & (PAGE - 1)) != (offset & (PAGE - 1))) {
    refuse(s + " at " + hex(vaddr) + " and its file offset " + hex(offset) + " differ within the page");
    return null;
  }
  if ((flags & (PF_R | PF_W | PF_X)) == 0) {
    refuse(s + " has none of the flags R, W, X");
    return null;
  }
  if ((flags & PF_W) != 0 && (flags & PF_X) != 0) {
    refuse(s + " is writable and executable (W^X)");
    return null;
  }
  // Any mapped page is readable: neither architecture's user pages can be
  // written without being read, and x86_64's cannot be execute-only.
  let prot = PROT_READ;
  if ((flags & PF_W) != 0) prot |= PROT_WRITE;
  if ((flags & PF_X) != 0) prot |= PROT_EXEC;
  return new Segment(vaddr, memsz, offset, filesz, prot);
}
