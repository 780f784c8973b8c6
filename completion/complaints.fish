# fish completion for complaints(1): commands, options, the values of the
# policy in use (categories, channels, severities, people, ...) and the
# numbers of open complaints.
#
# `cmake --install` puts it in share/fish/vendor_completions.d/, where fish
# looks when it has the same prefix. By hand, for this shell:
#
#     source completion/complaints.fish
#
# or copy it to ~/.config/fish/completions/complaints.fish.
#
# The candidates come from the binary itself (`complaints __complete WORD...`),
# so they always match it; --db, --policy, COMPLAINTS_DB and COMPLAINTS_POLICY
# on the line or in the environment say which database and policy are read.

function __complaints_complete
    set -l tokens (commandline -opc)
    set -l current (commandline -ct)
    # The binary typed (./build/complaints, ~/bin/complaints), else the one in PATH.
    set -l cmd $tokens[1]
    if not string match -q -- '*/*' $cmd; or not test -x $cmd
        set cmd complaints
    end
    set -l out (command $cmd __complete $tokens[2..-1] $current 2>/dev/null)
    # `:files` or `:dirs` alone: a file or directory name goes here (after
    # the '=' of --db=FILE).
    if test (count $out) -eq 1; and contains -- $out[1] :files :dirs
        set -l option (string match -r -- '^-[^=]*=' $current)
        set -l path (string replace -r -- '^-[^=]*=' '' $current)
        set -l paths
        if test $out[1] = :dirs
            set paths (__fish_complete_directories $path)
        else
            set paths (__fish_complete_path $path)
        end
        printf '%s\n' "$option"$paths
        return
    end
    printf '%s\n' $out
end

complete -c complaints -f -a '(__complaints_complete)'
