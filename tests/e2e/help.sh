#!/usr/bin/env bash
# help.sh: the front door: help for every command, --version, misuse answered
# with one line and a hint (exit 1), options that do not apply to a command,
# and the date forms of --month, --from, --to and --as-of.
set -u
T=${TIERZERO:?set TIERZERO to the built binary}
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0 fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# help_ok NEEDLE -- command...: exit 0, stdout has NEEDLE, stderr is empty.
help_ok() {
    local needle=$1; shift 2
    local status
    "$@" >"$work/out" 2>"$work/err"; status=$?
    if [ $status -ne 0 ]; then
        bad "$* -> exit $status, want 0"
    elif ! grep -qF -- "$needle" "$work/out"; then
        bad "$* -> stdout lacks '$needle': $(head -c 300 "$work/out")"
    elif [ -s "$work/err" ]; then
        bad "$* -> wrote on stderr: $(head -c 300 "$work/err")"
    else
        ok
    fi
}

# misuse MESSAGE HINT -- command...: exit 1, nothing on stdout, exactly two
# lines on stderr: "tierzero: ..." holding MESSAGE, then "Try 'HINT'.".
misuse() {
    local msg=$1 hint=$2; shift 3
    local status
    "$@" >"$work/out" 2>"$work/err"; status=$?
    local lines first second
    lines=$(wc -l <"$work/err")
    first=$(sed -n 1p "$work/err")
    second=$(sed -n 2p "$work/err")
    if [ $status -ne 1 ]; then
        bad "$* -> exit $status, want 1; stderr: $(head -c 300 "$work/err")"
    elif [ -s "$work/out" ]; then
        bad "$* -> wrote on stdout: $(head -c 300 "$work/out")"
    elif [ "$lines" -ne 2 ]; then
        bad "$* -> $lines lines on stderr, want 2: $(head -c 400 "$work/err")"
    elif [ "${first#tierzero: }" = "$first" ]; then
        bad "$* -> first line lacks the 'tierzero: ' prefix: $first"
    elif ! grep -qF -- "$msg" <<<"$first"; then
        bad "$* -> first line lacks '$msg': $first"
    elif [ "$second" != "Try '$hint'." ]; then
        bad "$* -> hint is '$second', want \"Try '$hint'.\""
    else
        ok
    fi
}

# One incident in October 2026; nothing else matters for these tests.
cat >"$work/inc.json" <<'EOF'
{"incidents": [
 {"id": "INC-1", "title": "API down", "services": ["api"], "impact": "major_outage",
  "started_at": "2026-10-05T10:00:00Z", "resolved_at": "2026-10-05T10:50:00Z"}
]}
EOF
inc=$work/inc.json

# ---- help for every command, three ways ----
help_ok "Usage: tierzero COMMAND" -- "$T" --help
help_ok "Usage: tierzero COMMAND" -- "$T" -h
help_ok "Usage: tierzero COMMAND" -- "$T" help
for cmd in report summary check gate postmortem; do
    help_ok "Usage: tierzero $cmd " -- "$T" help "$cmd"
    help_ok "Usage: tierzero $cmd " -- "$T" "$cmd" --help
    help_ok "Usage: tierzero $cmd " -- "$T" "$cmd" -h
    # --help wins over a missing incidents file and other options.
    help_ok "Usage: tierzero $cmd " -- "$T" "$cmd" -q --help
    help_ok "Exit status: 0 success" -- "$T" help "$cmd"
done
help_ok "--format LIST" -- "$T" help report
help_ok "--json" -- "$T" help summary
help_ok "--service NAME" -- "$T" help gate
help_ok "INCIDENT_ID" -- "$T" help postmortem
# The overview lists every command.
for cmd in report summary check gate postmortem help; do
    help_ok "  $cmd " -- "$T" --help
done

# ---- --version ----
"$T" --version >"$work/out" 2>"$work/err"
if [ $? -eq 0 ] && grep -qE '^tierzero [0-9]+\.[0-9]+\.[0-9]+$' "$work/out" &&
    [ "$(wc -l <"$work/out")" -eq 1 ] && [ ! -s "$work/err" ]; then ok; else
    bad "--version: $(cat "$work/out" "$work/err")"
fi
help_ok "tierzero " -- "$T" report --version

# ---- misuse: one line, then the hint ----
misuse "no command given" "tierzero --help" -- "$T"
misuse "unknown command 'frobnicate'" "tierzero --help" -- "$T" frobnicate "$inc"
misuse "did you mean 'report'?" "tierzero --help" -- "$T" reprot "$inc"
misuse "did you mean 'summary'?" "tierzero --help" -- "$T" sumary "$inc"
misuse "the command comes before the incidents file" "tierzero --help" -- "$T" "$inc"
misuse "the command comes before any option" "tierzero --help" -- "$T" -q report "$inc"
misuse "unknown command 'bogus'" "tierzero --help" -- "$T" help bogus
misuse "help takes one command name" "tierzero --help" -- "$T" help report gate
misuse "report needs an incidents file" "tierzero report --help" -- "$T" report
misuse "postmortem needs INCIDENTS.json and an INCIDENT_ID" "tierzero postmortem --help" \
    -- "$T" postmortem "$inc"
misuse "unexpected argument 'extra'" "tierzero summary --help" -- "$T" summary "$inc" extra
misuse "unknown option '--bogus'" "tierzero report --help" -- "$T" report --bogus "$inc"
misuse "unknown option '-x'" "tierzero report --help" -- "$T" report -qx "$inc"
misuse "did you mean '--format'?" "tierzero report --help" -- "$T" report --frmat pdf "$inc"
misuse "did you mean '--month'?" "tierzero summary --help" -- "$T" summary --mnth 2026-10 "$inc"
misuse "option '--m' is ambiguous (--month, --max-input-bytes" "tierzero summary --help" \
    -- "$T" summary --m 2026-10 "$inc"
misuse "option '--quiet' takes no value" "tierzero summary --help" -- "$T" summary --quiet=yes "$inc"
misuse "option '--month' needs a value" "tierzero summary --help" -- "$T" summary "$inc" --month
misuse "option '--releases' needs a value" "tierzero check --help" -- "$T" check "$inc" --releases
misuse "option '-r' needs a value" "tierzero check --help" -- "$T" check "$inc" -qr
misuse "option '-o' applies only to 'report', 'postmortem' and 'merge', not to 'summary'" \
    "tierzero summary --help" -- "$T" summary -o "$work/x" "$inc"
misuse "option '--json' applies only to 'summary', not to 'report'" "tierzero report --help" \
    -- "$T" report --json "$inc"
misuse "option '--service' applies only to 'gate'" "tierzero check --help" \
    -- "$T" check --service api "$inc"
misuse "option '--format' applies only to 'report'" "tierzero postmortem --help" \
    -- "$T" postmortem --format pdf "$inc" INC-1
misuse "--format: unknown format 'doc'" "tierzero report --help" -- "$T" report --format pdf,doc "$inc"
misuse "--history: expected a number of months" "tierzero summary --help" \
    -- "$T" summary --history 0 "$inc"
misuse "--from and --to go together" "tierzero summary --help" -- "$T" summary --from 2026-01 "$inc"
misuse "cannot be combined with --month" "tierzero summary --help" \
    -- "$T" summary --from 2026-01 --to 2026-03 --month 2026-02 "$inc"
misuse "--slo" "tierzero gate --help" -- "$T" gate --slo 100.5 "$inc"
misuse "--tz: unknown time zone 'Mars/Base'" "tierzero summary --help" \
    -- "$T" summary --tz Mars/Base "$inc"
# Nothing is written when the command line is wrong.
[ ! -e "$work/x" ] && ok || bad "summary -o created its directory"

# ---- date forms ----
# period FIELD WANT -- summary options...: summary --json's period.FIELD.
period() {
    local field=$1 want=$2; shift 3
    local got
    got=$("$T" summary --json "$@" "$inc" 2>"$work/err" |
        "$PY" -c 'import json, sys; print(json.load(sys.stdin)["period"][sys.argv[1]])' "$field")
    if [ "$got" = "$want" ]; then ok; else
        bad "summary $* -> period.$field '$got', want '$want'; $(head -c 300 "$work/err")"
    fi
}

# --month: a month, or a date standing for its month.
period review_month 2026-09 -- --month 2026-09
period review_month 2026-09 -- --month 2026-09-30
period review_month 2026-09 -- --month=2026-09-01
period from 2025-10 -- --month 2026-09
# --from / --to: months or dates, both ends included (3 months).
period from 2026-01 -- --from 2026-01 --to 2026-03
period to 2026-03 -- --from 2026-01-15 --to 2026-03-31
period months 3 -- --from 2026-01-15 --to 2026-03-31
period review_month 2026-03 -- --from 2026-01 --to 2026-03-02
# --as-of: a date is midnight starting the day (in --tz); RFC 3339 with an offset.
period as_of 2026-10-15T00:00:00.000Z -- --as-of 2026-10-15
period as_of 2026-10-15T00:00:00.000Z -- --as-of 2026-10-15T02:00:00+02:00
period as_of 2026-10-14T22:00:00.000Z -- --as-of 2026-10-15 --tz Europe/Paris
period review_month 2026-10 -- --as-of 2026-10-15

# Malformed dates: one line, the form expected, the value given.
misuse "--month: expected YYYY-MM, YYYY-MM-DD, 'this' or 'last', got '2026-13'" \
    "tierzero summary --help" -- "$T" summary --month 2026-13 "$inc"
misuse "got '2026-9'" "tierzero summary --help" -- "$T" summary --month 2026-9 "$inc"
misuse "got '2026-02-30'" "tierzero summary --help" -- "$T" summary --month 2026-02-30 "$inc"
misuse "--from: expected YYYY-MM, YYYY-MM-DD, 'this' or 'last', got 'january'" \
    "tierzero summary --help" -- "$T" summary --from january --to 2026-03 "$inc"
misuse "--to: expected YYYY-MM, YYYY-MM-DD, 'this' or 'last', got '2026/03'" \
    "tierzero summary --help" -- "$T" summary --from 2026-01 --to 2026/03 "$inc"
misuse "--from 2026-05 is after --to 2026-03" "tierzero summary --help" \
    -- "$T" summary --from 2026-05 --to 2026-03 "$inc"
misuse "--as-of: expected an instant, got the month '2026-10' (for that month's review use --month 2026-10; for its end, --as-of 2026-11-01)" \
    "tierzero summary --help" -- "$T" summary --as-of 2026-10 "$inc"
misuse "--as-of: expected an RFC 3339 time with offset" "tierzero summary --help" \
    -- "$T" summary --as-of "2026-10-03 14:05" "$inc"
misuse "got '2026-10-03T14:05:00'" "tierzero summary --help" \
    -- "$T" summary --as-of 2026-10-03T14:05:00 "$inc"

# 'this' and 'last' read the clock in --tz. The run and the two `date` calls
# around it may straddle a month boundary, so either side is accepted.
this_before=$(TZ=UTC date +%Y-%m)
last_before=$(TZ=UTC date -d "$(TZ=UTC date +%Y-%m-15) -1 month" +%Y-%m)
this=$("$T" summary --json --month this "$inc" 2>/dev/null |
    "$PY" -c 'import json, sys; print(json.load(sys.stdin)["period"]["review_month"])')
last=$("$T" summary --json --month last "$inc" 2>/dev/null |
    "$PY" -c 'import json, sys; print(json.load(sys.stdin)["period"]["review_month"])')
range=$("$T" summary --json --from last --to this "$inc" 2>/dev/null |
    "$PY" -c 'import json, sys; p = json.load(sys.stdin)["period"]; print(p["from"], p["to"], p["months"])')
this_after=$(TZ=UTC date +%Y-%m)
last_after=$(TZ=UTC date -d "$(TZ=UTC date +%Y-%m-15) -1 month" +%Y-%m)
case "$this" in "$this_before" | "$this_after") ok ;; *) bad "--month this -> '$this', want $this_before" ;; esac
case "$last" in "$last_before" | "$last_after") ok ;; *) bad "--month last -> '$last', want $last_before" ;; esac
case "$range" in
    "$last_before $this_before 2" | "$last_after $this_after 2") ok ;;
    *) bad "--from last --to this -> '$range', want '$last_before $this_before 2'" ;;
esac

# ---- what a run prints when stderr is not a terminal ----
# No progress redraws (carriage returns) and no colour or other escapes, with
# or without NO_COLOR; the verdict, then the files written, one line each.
for env_no_color in "" 1; do
    rm -rf "$work/out-report"
    NO_COLOR=$env_no_color "$T" report --format json,xlsx -o "$work/out-report" "$inc" \
        >"$work/out" 2>"$work/err"
    status=$?
    if [ $status -ne 0 ]; then
        bad "report (NO_COLOR='$env_no_color') -> exit $status: $(head -c 300 "$work/err")"
    elif LC_ALL=C grep -q $'[\r\033]' "$work/err" "$work/out"; then
        bad "report (NO_COLOR='$env_no_color') wrote a carriage return or an escape"
    elif [ -s "$work/out" ]; then
        bad "report wrote on stdout: $(head -c 300 "$work/out")"
    elif [ "$(tail -1 "$work/err")" != \
        "tierzero: wrote slo-review-2026-10.xlsx, slo-review-2026-10.json in $work/out-report" ]; then
        bad "report's last line: $(tail -1 "$work/err")"
    else
        ok
    fi
done
# -q: nothing at all.
"$T" report -q --format json -o "$work/out-report" "$inc" >"$work/out" 2>"$work/err"
[ $? -eq 0 ] && [ ! -s "$work/out" ] && [ ! -s "$work/err" ] && ok ||
    bad "report -q printed: $(cat "$work/out" "$work/err" | head -c 300)"

echo "help: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
