/* The freestanding wasm2c runtime: what the generated kernel.c needs from
 * "libc" and from wasm-rt-impl.c, for a kernel with no OS under it.
 * A wasm trap is never recovered from: it is a kernel panic. */
#include "nexus.h"
#include "memory.h"
#include <stdarg.h>

uint32_t wasm_rt_call_stack_depth;

/* Linear memory is a window of kernel virtual addresses, never a
 * board-specific physical address: its initial pages are the image's last
 * section (linker.ld), under an unmapped guard page; it grows into the
 * addresses after the image, where the page-fault handler gives each page a
 * zeroed frame when first touched (kernel/mm/pagefault.ts). Every access is
 * bounds checked by the generated code (WASM_RT_MEMCHECK_SIGNAL_HANDLER=0),
 * so one outside it traps before it reaches memory. */
#define WASM_PAGE 65536u
extern uint8_t __lmem_start[];

void wasm_rt_allocate_memory(wasm_rt_memory_t *mem, uint32_t initial, uint32_t max) {
  if (initial != NEXUS_INITIAL_PAGES || max > NEXUS_MAX_PAGES)
    panic_str("wasm: the linear memory's limits differ from the image's (stale memory.h?)");
  mem->data = __lmem_start;
  mem->pages = initial;
  mem->max_pages = max;
  mem->size = initial * WASM_PAGE;
}

/* Growth needs the kernel's own page tables and page-fault handler: until
 * TS says they are there (layout.heap_growable), boot lives in the initial pages
 * (asconfig.json initialMemory). After that, new pages are zero when first
 * touched and there is nothing to do here but count them. */
static int growable;

void Z_layoutZ_heap_growable(struct Z_layout_instance_t *h) { (void)h; growable = 1; }

uint32_t wasm_rt_grow_memory(wasm_rt_memory_t *mem, uint32_t delta) {
  uint32_t old = mem->pages;
  if (!growable) panic_str("wasm: the TS heap outgrew its initial pages during boot (raise initialMemory in asconfig.json)");
  if (delta > mem->max_pages - old)
    return (uint32_t)-1; /* memory.grow's failure value; the TS allocator reports it */
  mem->pages = old + delta;
  mem->size = mem->pages * WASM_PAGE;
  return old;
}

/* Where the linear memory is (layout.linear_memory_*): its address, its size
 * now, the bytes of it inside the image, and its largest size. */
uint64_t Z_layoutZ_linear_memory_base(struct Z_layout_instance_t *h) {
  (void)h;
  return (uint64_t)(uintptr_t)kernel_instance.w2c_memory.data;
}
uint64_t Z_layoutZ_linear_memory_size(struct Z_layout_instance_t *h) {
  (void)h;
  return kernel_instance.w2c_memory.size;
}
uint64_t Z_layoutZ_linear_memory_image_bytes(struct Z_layout_instance_t *h) {
  (void)h;
  return (uint64_t)NEXUS_INITIAL_PAGES * WASM_PAGE;
}
uint64_t Z_layoutZ_linear_memory_max(struct Z_layout_instance_t *h) {
  (void)h;
  return (uint64_t)kernel_instance.w2c_memory.max_pages * WASM_PAGE;
}

void wasm_rt_free_memory(wasm_rt_memory_t *mem) { (void)mem; }

/* Function tables (call_indirect) are allocated from a small static pool. */
static wasm_rt_funcref_t table_pool[NEXUS_TABLE_ELEMENTS];
static uint32_t table_used;

void wasm_rt_allocate_funcref_table(wasm_rt_funcref_table_t *t, uint32_t n, uint32_t max) {
  if (n > NEXUS_TABLE_ELEMENTS - table_used)
    panic_str("wasm: function table larger than NEXUS_TABLE_ELEMENTS");
  t->data = table_pool + table_used;
  table_used += n;
  t->size = n;
  t->max_size = n; /* tables never grow in the kernel */
  (void)max;
}

void wasm_rt_free_funcref_table(wasm_rt_funcref_table_t *t) { (void)t; }

/* Function signatures are interned so call_indirect can compare an index. */
#define MAX_TYPES 256
#define MAX_TYPE_ARITY 16
static struct { uint32_t params, results; wasm_rt_type_t types[MAX_TYPE_ARITY]; } types[MAX_TYPES];
static uint32_t ntypes;

uint32_t wasm_rt_register_func_type(uint32_t params, uint32_t results, ...) {
  wasm_rt_type_t sig[MAX_TYPE_ARITY];
  uint32_t n = params + results;
  if (n > MAX_TYPE_ARITY) panic_str("wasm: function type with too many parameters");
  va_list ap;
  va_start(ap, results);
  for (uint32_t i = 0; i < n; i++) sig[i] = (wasm_rt_type_t)va_arg(ap, int);
  va_end(ap);
  for (uint32_t t = 0; t < ntypes; t++) {
    if (types[t].params != params || types[t].results != results) continue;
    uint32_t i = 0;
    while (i < n && types[t].types[i] == sig[i]) i++;
    if (i == n) return t + 1;
  }
  if (ntypes == MAX_TYPES) panic_str("wasm: too many function types");
  types[ntypes].params = params;
  types[ntypes].results = results;
  for (uint32_t i = 0; i < n; i++) types[ntypes].types[i] = sig[i];
  return ++ntypes;
}

static const char *const trap_names[] = {
  "none", "out of bounds memory access", "integer overflow", "integer divide by zero",
  "invalid conversion to integer", "unreachable executed", "indirect call signature mismatch",
  "uncaught exception", "call stack exhausted",
};

void wasm_rt_trap(wasm_rt_trap_t code) {
  const char *what = (unsigned)code < sizeof trap_names / sizeof *trap_names ? trap_names[code] : "unknown";
  wasm_rt_call_stack_depth = 0;
  panic_here("wasm trap", what);
}

_Noreturn void abort(void) { panic_str("abort() called"); }
