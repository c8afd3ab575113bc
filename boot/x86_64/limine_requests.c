#include "nexus.h"
__attribute__((used, section(".limine_requests"), aligned(8))) uint64_t limine_requests[64];
