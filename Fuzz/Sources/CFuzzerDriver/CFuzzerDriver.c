// Only the declaration in include/CFuzzerDriver.h; SwiftPM wants a C target to have a source.
#include "CFuzzerDriver.h"
