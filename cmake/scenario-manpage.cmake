# SPDX-License-Identifier: GPL-2.0-only
# vgicsim-scenario(5): the scenario reference, docs/scenario-format.md, as a man page,
# converted at build time by tools/md2man.py (Python 3, standard library only) whenever
# the page or the converter changes, and installed in MANDIR/man5. Included from the
# top-level CMakeLists.txt; tests/docs checks the page (ctest docs_scenario_manpage).
find_package(Python3 COMPONENTS Interpreter)
if(Python3_Interpreter_FOUND)
  set(VGICSIM_MAN5_DIR ${PROJECT_BINARY_DIR}/man5)
  set(VGICSIM_SCENARIO_MAN ${VGICSIM_MAN5_DIR}/vgicsim-scenario.5)
  add_custom_command(OUTPUT ${VGICSIM_SCENARIO_MAN}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${VGICSIM_MAN5_DIR}
    COMMAND Python3::Interpreter ${PROJECT_SOURCE_DIR}/tools/md2man.py
            ${PROJECT_SOURCE_DIR}/docs/scenario-format.md ${VGICSIM_SCENARIO_MAN}
            --name vgicsim-scenario --section 5 --version ${PROJECT_VERSION}
            --summary "the scenario file format of vgicsim (version 1)"
            --footer "vgicsim scenario format"
            --see-also "vgicsim(1),vgicsim-run(1),vgicsim-validate(1),vgicsim-sweep(1),vgicsim-check(1)"
            --see-also-note "The pages this one names (report.md, model.md, cost-model.md, workload.md, sweep.md) are in the documentation, PREFIX/share/doc/vgicsim/docs; the bundled scenarios in PREFIX/share/vgicsim/scenarios."
    DEPENDS ${PROJECT_SOURCE_DIR}/docs/scenario-format.md ${PROJECT_SOURCE_DIR}/tools/md2man.py
    COMMENT "Generating vgicsim-scenario(5) from docs/scenario-format.md" VERBATIM)
  add_custom_target(man-scenario ALL DEPENDS ${VGICSIM_SCENARIO_MAN})
  install(FILES ${VGICSIM_SCENARIO_MAN} DESTINATION ${CMAKE_INSTALL_MANDIR}/man5)
else()
  message(WARNING "Python 3 not found: no vgicsim-scenario(5) man page will be made "
                  "(tools/install-deps.sh installs it)")
endif()
