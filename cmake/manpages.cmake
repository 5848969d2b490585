# SPDX-License-Identifier: GPL-2.0-only
# Generates the man pages from the program's own --help with help2man: vgicsim(1) and
# one vgicsim-COMMAND(1) per command that `vgicsim --help` lists (so a new command gets
# its page without touching this file). Run at build time after the binary is linked.
# Usage: cmake -DVGICSIM=path/to/vgicsim -DOUT=dir -DVERSION=x.y.z -DHELP2MAN=path -P manpages.cmake
execute_process(COMMAND "${VGICSIM}" --help OUTPUT_VARIABLE help RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${VGICSIM} --help failed")
endif()
file(MAKE_DIRECTORY "${OUT}/bin")
# Command lines of the help: two spaces, the name, spaces, the summary; only in the
# "Commands:" list, which ends at a blank line (the "Models:" list that follows has lines
# of the same shape, and a model is not a command).
string(FIND "${help}" "\nCommands:\n" start)
if(start LESS 0)
  message(FATAL_ERROR "no 'Commands:' list in `${VGICSIM} --help`")
endif()
string(SUBSTRING "${help}" ${start} -1 commands_text)
string(FIND "${commands_text}" "\n\n" end)
if(end GREATER 0)
  string(SUBSTRING "${commands_text}" 0 ${end} commands_text)
endif()
string(REGEX MATCHALL "\n  [a-z][a-z-]* +[^\n]+" lines "${commands_text}")
set(commands "")
set(see_also "")
foreach(line IN LISTS lines)
  string(REGEX REPLACE "^\n  ([a-z][a-z-]*) +([^\n]+)$" "\\1" name "${line}")
  string(REGEX REPLACE "^\n  ([a-z][a-z-]*) +([^\n]+)$" "\\2" summary "${line}")
  list(APPEND commands "${name}")
  set(summary_${name} "${summary}")
  if(see_also STREQUAL "")
    set(see_also ".BR vgicsim-${name} (1)")
  else()
    string(APPEND see_also ",\n.BR vgicsim-${name} (1)")
  endif()
endforeach()
if(commands STREQUAL "")
  message(FATAL_ERROR "no command found in `${VGICSIM} --help`")
endif()

set(common --no-info --version-string=${VERSION} --no-discard-stderr)
file(WRITE "${OUT}/vgicsim.h2m" "[see also]\n${see_also},\n.BR vgicsim-scenario (5)\n.PP\nThe documentation in /usr/share/doc/vgicsim (or PREFIX/share/doc/vgicsim).\n")
execute_process(COMMAND "${HELP2MAN}" ${common} --include=${OUT}/vgicsim.h2m
                        "--name=simulate the Arm virtual GIC as KVM emulates it"
                        --output=${OUT}/vgicsim.1 "${VGICSIM}"
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "help2man failed on ${VGICSIM}")
endif()
foreach(name IN LISTS commands)
  # help2man names a page after the program it runs: a one-line vgicsim-NAME wrapper.
  set(wrapper "${OUT}/bin/vgicsim-${name}")
  file(WRITE "${wrapper}" "#!/bin/sh\nexec '${VGICSIM}' ${name} \"$@\"\n")
  file(CHMOD "${wrapper}" PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
  file(WRITE "${OUT}/vgicsim-${name}.h2m" "[see also]\n.BR vgicsim (1),\n.BR vgicsim-scenario (5)\n")
  execute_process(COMMAND "${HELP2MAN}" ${common} --include=${OUT}/vgicsim-${name}.h2m
                          "--name=${summary_${name}}" --output=${OUT}/vgicsim-${name}.1 "${wrapper}"
                  RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "help2man failed on ${wrapper}")
  endif()
endforeach()
