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
                local d s m='exits kicks maintenance_interrupts lr_overflows delivered undelivered expectation_failures'
                for d in eoi underflow no_pending lr_entry_no_pending group; do m+=" counters.maintenance_by_cause.$d"; done
                for d in irq mmio sysreg wfi other; do m+=" counters.exits_by_reason.$d"; done
                for d in delivery injection service stages.{injector_wait,host_work,contention,notify,exit,lr_wait,flush_entry,guest}; do
                    m+=" $d"
                    for s in mean p50 p90 p99 max; do m+=" $d.$s"; done
                done
                COMPREPLY=($(compgen -W "$m" -- "$cur"))
            fi
            return
            ;;
        -s | --set | -v | --vary | -j | --jobs | --shard | --seed | --repeat | --threshold | --min-delta)
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
        compare | merge | plot) _filedir json ;;
        *) _filedir '@(yaml|yml)' ;;
    esac
} &&
    complete -F _vgicsim vgicsim
