// servesim: the only place that exits. Everything else is in cli/app.h.
#include "cli/app.h"

int main(int argc, char** argv) { return servesim::cli::run_servesim(argc, argv); }
