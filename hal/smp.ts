// The HAL's multiprocessor imports (module "smp", hal/common/smp.c): starting
// CPUs, waking them, and the big kernel lock (docs/smp.md).
// Fill CPU `index`'s record for its start (its first stack, the page tables
// in use now) and return the record's virtual address, which the
// architecture's start path hands to the CPU.
@external("smp", "prepare") export declare function cpuPrepare(index: u32, hwId: u32, stackTop: u64, shadowTop: u32): u64;
// Whether CPU `index` reached C.
@external("smp", "arrived") export declare function cpuArrived(index: u32): u32;
@external("smp", "set_hw_id") export declare function cpuSetHwId(index: u32, hwId: u32): void;
// The TS shadow-stack pointer CPU `index` left when it last let the kernel
// lock go (for the collector's roots).
@external("smp", "shadow_sp") export declare function cpuShadowSp(index: u32): u32;
// Interrupt CPU `index` out of its halt (it found nothing to run before).
@external("smp", "send_wake") export declare function sendWake(index: u32): void;
// Let CPUs waiting for the big kernel lock run before this one goes on.
@external("smp", "bkl_relax") export declare function bklRelax(): void;
