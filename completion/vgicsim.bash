# SPDX-License-Identifier: GPL-2.0-only
# bash completion for vgicsim (installed as share/bash-completion/completions/vgicsim).
# Commands, models and each command's options are read from vgicsim's own --help, so they
# follow the program; values are completed for the options that take a fixed set.

_vgicsim()
{
    local cur prev words cword
    _init_completion -s || return

    local cmd='' i
    for ((i = 1; i < cword; i++)); do
        if [[ ${words[i]} != -* ]]; then
            cmd=${words[i]}
            break
        fi
    done

    if [[ -z $cmd ]]; then
        local commands
        commands=$("$1" --help 2>/dev/null | sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p')
        COMPREPLY=($(compgen -W "$commands --help --version" -- "$cur"))
        return
    fi

    case $prev in
        -o | --output)
            _filedir
            return
            ;;
        --plot)
            _filedir '@(svg|png|pdf)'
            return
            ;;
        -f | --format)
            COMPREPLY=($(compgen -W 'text csv json' -- "$cur"))
            [[ $cmd == compare ]] && COMPREPLY=($(compgen -W 'text markdown json' -- "$cur"))
            return
            ;;
        -m | --model | --lead | --against)
            # The models vgicsim has, from the Models section of its --help.
            local models
            models=$("$1" --help 2>/dev/null | sed -n '/^Models/,/^$/s/^  \([a-z][a-z0-9_-]*\) .*/\1/p')
            [[ $prev == --lead || $prev == --against ]] || models+=' both all'
            COMPREPLY=($(compgen -W "$models" -- "$cur"))
            return
            ;;
        --metric)
            if [[ $cmd == plot ]]; then
                COMPREPLY=($(compgen -W 'delivery injection service' -- "$cur"))
            else
                # The names sweep, merge and sensitivity accept, from `vgicsim list metrics`;
                # its patterns (by_vcpu.V.DIST.FIELD, counters.model.NAME) are not names.
                COMPREPLY=($(compgen -W "$("$1" list metrics 2>/dev/null | cut -d' ' -f1 |
                    grep -Ev '(^|[.])(V|N|DIST|FIELD|REGISTER|NAME)([.]|$)')" -- "$cur"))
            fi
            return
            ;;
        -s | --set | -v | --vary)
            # Keys whose values vgicsim lists: cost operations, presets, releases. Bash
            # replaces only what follows a '=' of COMP_WORDBREAKS: then no KEY= prefix.
            local pre=${cur%%=*}= kind=
            [[ $COMP_WORDBREAKS == *=* ]] && pre=
            case $cur in
                costs.preset=*) kind=presets ;;
                hypervisor.kvm=*) kind=releases ;;
                costs.*)
                    COMPREPLY=($(compgen -W "$("$1" list costs 2>/dev/null | sed 's/ .*/=/; s/^/costs./') costs.preset=" -- "$cur"))
                    compopt -o nospace ;;
            esac
            [[ $kind ]] && COMPREPLY=($(compgen -P "$pre" -W "$("$1" list $kind 2>/dev/null | cut -d' ' -f1)" -- "${cur#*=}"))
            return
            ;;
        --unit)
            COMPREPLY=($(compgen -W 'cycles ns' -- "$cur"))
            return
            ;;
        -j | --jobs | --shard | --seed | --repeat | --threshold | --min-delta | --by)
            return   # a value of the user's
            ;;
    esac
    $split && return

    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$(_parse_help "$1" "$cmd --help")" -- "$cur"))
        [[ ${COMPREPLY-} == *= ]] && compopt -o nospace
        return
    fi
    case $cmd in
        list)
            # The kinds, from the Kinds section of `vgicsim list --help`.
            COMPREPLY=($(compgen -W "$("$1" list --help 2>/dev/null | sed -n '/^Kinds:/,/^$/s/^  \([a-z]*\) .*/\1/p')" -- "$cur"))
            ;;
        compare | merge | plot) _filedir json ;;
        *) _filedir '@(yaml|yml)' ;;
    esac
} &&
    complete -F _vgicsim vgicsim
