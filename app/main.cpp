#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "app/cli.h"

int main(int argc, char** argv) {
  try {
    return dialogdag::app::run_cli(std::vector<std::string>(argv + 1, argv + argc), std::cout,
                                   std::cerr);
  } catch (const std::exception& e) {  // a bug: report it in one line, not a crash dump
    std::cerr << "dialogdag: internal error: " << e.what() << "\n";
    return 70;
  }
}
