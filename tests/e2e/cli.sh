#!/usr/bin/env bash
# cli.sh: the command line as a user meets it: help, usage errors, exit statuses,
# stdin, the gate, --strict, refusing to overwrite an input, the e-mail.
set -u
T=${TIERZERO:?set TIERZERO to the built binary}
SRC=${T0_SOURCE_DIR:?}
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0 fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# expect STATUS FRAGMENT -- command...: exit status and a fragment of stdout+stderr
expect() {
    local want=$1 frag=$2; shift 3
    local out status
    out=$("$@" 2>&1); status=$?
    if [ "$status" != "$want" ]; then
        bad "$* -> exit $status, want $want; output: ${out:0:400}"
    elif [ -n "$frag" ] && ! grep -qF -- "$frag" <<<"$out"; then
        bad "$* -> output lacks '$frag': ${out:0:400}"
    else
        ok
    fi
}

# One major outage of 50 minutes in October 2026 against 99.9 %: the month's
# budget is 0.1 % of 44,640 minutes = 44.64 minutes, so it is exhausted
# 44.64 minutes in, at 10:44:38.400.
cat >"$work/inc.json" <<'EOF'
{"incidents": [
 {"id": "INC-1", "title": "API down", "services": ["api"], "impact": "major_outage",
  "started_at": "2026-10-05T10:00:00Z", "resolved_at": "2026-10-05T10:50:00Z",
  "url": "https://status.example.com/incidents/1"},
 {"id": "INC-2", "title": "Slow console", "services": ["console"], "impact": "degraded_performance",
  "started_at": "2026-10-07T10:00:00Z", "resolved_at": "2026-10-07T11:00:00Z"}
]}
EOF
cat >"$work/rel.json" <<'EOF'
{"releases": [
 {"id": "r1", "released_at": "2026-10-05T09:00:00Z", "services": ["api"]},
 {"id": "r2", "released_at": "2026-10-06T09:00:00Z", "services": ["api"]}
]}
EOF

expect 0 "Usage: tierzero COMMAND" -- "$T" --help
expect 0 "Usage: tierzero report" -- "$T" help report
expect 0 "Usage: tierzero gate" -- "$T" gate --help
expect 0 "tierzero " -- "$T" --version
expect 1 "no command given" -- "$T"
expect 1 "Try 'tierzero --help'" -- "$T" frobnicate
expect 1 "unknown option '--bogus'" -- "$T" report --bogus "$work/inc.json"
expect 1 "needs an incidents file" -- "$T" summary
expect 1 "unknown time zone" -- "$T" summary --tz Mars/Base "$work/inc.json"
expect 1 "--slo" -- "$T" summary --slo 101 "$work/inc.json"
expect 1 "--month" -- "$T" summary --month 2026-13 "$work/inc.json"
expect 1 "--as-of" -- "$T" summary --as-of "2026-10-03 14:05" "$work/inc.json"
expect 1 "--format" -- "$T" report --format pdf,doc "$work/inc.json"
expect 2 "nope.json" -- "$T" check "$work/nope.json"
expect 0 "no problems found" -- "$T" check -r "$work/rel.json" "$work/inc.json"

# The gate: exhausted in October at 99.9 %, open at 99 % (budget 446.4 min).
expect 3 "exhausted" -- "$T" gate --as-of 2026-10-20T00:00:00Z "$work/inc.json"
expect 0 "gate: open" -- "$T" gate --slo 99 --as-of 2026-10-20T00:00:00Z "$work/inc.json"
expect 0 "gate: open" -- "$T" gate --as-of 2026-11-02T00:00:00Z "$work/inc.json"
# Scheduled releases (after as_of) are named when an exhausted SLO covers
# them: r3 touches the API (exhausted), r4 only the console (SLO met).
cat >"$work/sched.json" <<'EOF2'
{"releases": [
 {"id": "r1", "released_at": "2026-10-05T09:00:00Z", "services": ["api"]},
 {"id": "r3", "released_at": "2026-10-21T09:00:00Z", "services": ["API"]},
 {"id": "r4", "released_at": "2026-10-21T09:00:00Z", "services": ["console"]}
]}
EOF2
cat >"$work/two.json" <<'EOF2'
{"slos": [{"name": "API SLO", "services": ["api"]}, {"name": "Console SLO", "services": ["console"], "objective_pct": 99}]}
EOF2
expect 3 "release 'r3' would violate the policy of API SLO" -- "$T" gate -c "$work/two.json" -r "$work/sched.json" --as-of 2026-10-20T00:00:00Z "$work/inc.json"
out=$("$T" gate -c "$work/two.json" -r "$work/sched.json" --as-of 2026-10-20T00:00:00Z "$work/inc.json" 2>&1)
grep -q "'r4'" <<<"$out" && bad "gate named r4, whose SLO is met" || ok
expect 0 "gate: open" -- "$T" gate -c "$work/two.json" --service console --as-of 2026-10-20T00:00:00Z "$work/inc.json"

# Standard input, and the JSON summary's exhaustion instant.
out=$("$T" summary --json --as-of 2026-11-01T00:00:00Z - <"$work/inc.json" 2>/dev/null)
if "$PY" - "$out" <<'EOF'
import json, sys
s = json.loads(sys.argv[1])
m = s["slos"][0]["months"][-1]
assert m["month"] == "2026-10", m
assert m["exhausted_at"] == "2026-10-05T10:44:38.400Z", m["exhausted_at"]
assert m["status"] == "exhausted"
assert abs(m["bad_minutes"] - 50.0) < 1e-9, m["bad_minutes"]
assert s["releases"] is None and s["releases_reason"]
EOF
then ok; else bad "summary --json from stdin"; fi

# --strict: one rejected record is fatal.
printf '{"incidents":[{"id":"a","title":"t","impact":"bogus","started_at":"2026-10-01T00:00:00Z"}]}' >"$work/badimpact.json"
# Nothing accepted is an input error, not a clean month (issue 13).
expect 2 "none of the 1 incident record read was accepted" -- "$T" summary "$work/badimpact.json"
expect 2 "strict" -- "$T" summary --strict "$work/badimpact.json"

# An output that would overwrite an input is refused, and the input survives.
cp "$work/inc.json" "$work/slo-review-2026-10.json"
before=$(md5sum <"$work/slo-review-2026-10.json")
expect 4 "refusing to overwrite an input" -- "$T" report --format json -o "$work" "$work/slo-review-2026-10.json"
after=$(md5sum <"$work/slo-review-2026-10.json")
[ "$before" = "$after" ] && ok || bad "input was modified"

# The e-mail parses with a standard MIME parser and carries the PDF.
cat >"$work/cfg.json" <<'EOF'
{"report": {"title": "Reliability review", "organization": "Exämple Corp"},
 "email": {"from": "SRE <sre@example.com>", "to": ["cto@example.com", "vp@example.com"], "cc": ["ops@example.com"]}}
EOF
if SOURCE_DATE_EPOCH=1790000000 "$T" report -q -c "$work/cfg.json" -r "$work/rel.json" \
    --format eml -o "$work/mail" "$work/inc.json"; then
    if "$PY" - "$work/mail/slo-review-2026-10.eml" <<'EOF'
import email, sys
from email import policy
raw = open(sys.argv[1], "rb").read()
for line in raw.split(b"\r\n"):
    assert len(line) <= 78, line[:90]
msg = email.message_from_bytes(raw, policy=policy.default)
assert msg["To"] == "cto@example.com, vp@example.com", msg["To"]
assert msg["Cc"] == "ops@example.com"
assert "October 2026" in msg["Subject"], msg["Subject"]
assert msg.get_content_type() == "multipart/mixed"
body = msg.get_body(preferencelist=("plain",)).get_content()
assert "exhausted" in body, body
html = msg.get_body(preferencelist=("html",)).get_content()
assert "<table" in html
atts = list(msg.iter_attachments())
assert len(atts) == 1 and atts[0].get_content_type() == "application/pdf"
assert atts[0].get_content().startswith(b"%PDF-"), "attachment is not a PDF"
EOF
    then ok; else bad "e-mail does not parse as expected"; fi
else
    bad "report --format eml failed"
fi

echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
