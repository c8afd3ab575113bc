// The HAL's layout imports (module "layout"; hal/common/layout.c,
// hal/common/wasm_rt.c): where the linker put the kernel image's sections and
// guard pages, and where the TS linear memory (the kernel heap) lives. All are
// kernel virtual addresses.
@external("layout", "image_start") export declare function imageStart(): u64;
@external("layout", "text_end") export declare function textEnd(): u64;
@external("layout", "rodata_start") export declare function rodataStart(): u64;
@external("layout", "rodata_end") export declare function rodataEnd(): u64;
@external("layout", "data_start") export declare function dataStart(): u64;
@external("layout", "image_end") export declare function imageEnd(): u64;
// The unmapped page under the boot stack, and the one under the linear memory.
@external("layout", "boot_stack_guard") export declare function bootStackGuard(): u64;
@external("layout", "linear_memory_guard") export declare function linearMemoryGuard(): u64;
// Every page of the image its page tables leave unmapped (those two, and the
// guard under each CPU's exception stack), from i = 0 until it returns 0.
@external("layout", "guard_page") export declare function guardPage(i: u32): u64;

// The linear memory: its address, its size now, the bytes of it inside the
// kernel image (its first pages), and the most it may grow to.
@external("layout", "linear_memory_base") export declare function linearMemoryBase(): u64;
@external("layout", "linear_memory_size") export declare function linearMemorySize(): u64;
@external("layout", "linear_memory_image_bytes") export declare function linearMemoryImageBytes(): u64;
@external("layout", "linear_memory_max") export declare function linearMemoryMax(): u64;
// The kernel's page tables and page-fault handler are in place: the linear
// memory may grow past its initial pages from now on.
@external("layout", "heap_growable") export declare function heapGrowable(): void;
