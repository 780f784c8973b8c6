# bash completion for complaints(1): commands, options, the values of the
# policy in use (categories, channels, severities, people, ...) and the
# numbers of open complaints.
#
# `cmake --install` puts it in share/bash-completion/completions/, where the
# bash-completion package loads it on first use. By hand, for this shell (or
# from ~/.bashrc):
#
#     source completion/complaints.bash
#
# The candidates come from the binary itself (`complaints __complete WORD...`),
# so they always match it; --db, --policy, COMPLAINTS_DB and COMPLAINTS_POLICY
# on the line or in the environment say which database and policy are read.

_complaints() {
    local cmd=${COMP_WORDS[0]} cur=${COMP_WORDS[COMP_CWORD]}
    # The binary typed (./build/complaints, ~/bin/complaints), else the one in PATH.
    cmd=${cmd/#\~/$HOME}
    [[ $cmd == */* && -x $cmd ]] || cmd=complaints
    local -a out
    mapfile -t out < <("$cmd" __complete "${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null)
    COMPREPLY=()
    # `:files` or `:dirs` alone: a file or directory name goes here.
    if ((${#out[@]} == 1)) && [[ ${out[0]} == :files || ${out[0]} == :dirs ]]; then
        local only=
        [[ ${out[0]} == :dirs ]] && only=-d
        if declare -F _filedir >/dev/null; then
            _filedir $only
        else
            [[ $cur == = ]] && cur= # bash splits --db=FILE at '='
            compopt -o filenames 2>/dev/null
            mapfile -t COMPREPLY < <(compgen ${only:--f} -- "$cur")
        fi
        return 0
    fi
    local candidate
    for candidate in "${out[@]}"; do
        # A value with a space or a shell character is inserted quoted.
        [[ $candidate == *[^[:alnum:]_.,:=+@%/-]* ]] && printf -v candidate '%q' "$candidate"
        COMPREPLY+=("$candidate")
    done
    return 0
}

complete -F _complaints complaints
