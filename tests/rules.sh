#!/bin/sh
# Tests for the rule packs and what they say: explanations checked against the facts of
# mixed worlds, exceptions traced, explain EXCEPTION, analyst claims, include returning
# values, and lint's modelling warnings (each one, in check and with --strict).
# Run from the repo root: sh tests/rules.sh.  Ends with "N passed, N failed".

NAME=rules . tests/lib.sh

# check_json CODE PYTHON CMD...: exit CODE, JSON stdout, PYTHON (d: the document) holds.
check_json() { expect_json "$@"; }
# stderr_has CODE TEXT CMD...: exit CODE and TEXT in stderr
stderr_has() { expect_stderr_has "$@"; }

API=msft-openai-2025/api-exclusivity
RED=msft-openai-2025/red-line

# ---- 1. explanations that hold -------------------------------------------------------
# A world mixing covered and uncovered models, several products, deployments and
# statements.  Every "because" is checked against the facts: every path it names as
# "PATH from CLOUD" is served from CLOUD, every deployment "D runs P on C" / "D
# operated by X on C" matches, every model "M is open-weight" is; and the sentences
# earlier versions wrote although the world contradicted them do not appear.
mkdir -p "$T/w"
cp -r scenarios/common "$T/w/common"
cat >"$T/w/mixed.lua" <<'LUA'
scenario "mixed" { date = "2026-03-18", source = "a test world" }
include("common/parties.lua")
include("common/frontier.lua")
include("common/government.lua")
party "meta" { kind = "model_provider" }
model "gpt-oss-120b" { owner = "openai", tier = "open_weight" }
model "llama" { owner = "meta", tier = "frontier" }
product "chatgpt-enterprise" { owner = "openai", kind = "application", state = "stateful",
                               models = { "gpt-standard" } }
deployment "bedrock-sre" { runs = "frontier", cloud = "aws", operator = "amazon",
                           audience = { "enterprise" }, calls = { "sre-inference" } }
deployment "sre-inference" { runs = "gpt-frontier", cloud = "azure", operator = "openai",
                             interface = "api", state = "stateless" }
deployment "bedrock-oss" { runs = "gpt-oss-120b", cloud = "aws", operator = "amazon",
                           audience = { "developer", "government" } }
deployment "bedrock-llama" { runs = "llama", cloud = "aws", operator = "amazon",
                             audience = { "developer" } }
deployment "gov-chatgpt" { runs = "chatgpt-enterprise", cloud = "aws-govcloud",
                           operator = "openai", seller = "openai",
                           audience = { "government" }, calls = { "chatgpt-inference" } }
deployment "chatgpt-inference" { runs = "gpt-standard", cloud = "azure", operator = "openai",
                                 interface = "api", state = "stateless" }
statement "oss" { by = "amazon", about = "gpt-oss-120b", text = "Access gpt-oss-120b on Amazon Bedrock" }
statement "sre" { by = "amazon", about = "frontier", text = "The SRE is powered by OpenAI" }
statement "msft" { by = "microsoft", about = "frontier",
                   text = "Azure remains the exclusive cloud provider of stateless OpenAI APIs" }
LUA
FACTS='
paths = {p["id"]: p for p in d["paths"]}
becauses = [(c["id"], r["name"], r["because"]) for c in d["clauses"] for r in c["readings"]]
becauses += [(c["id"], r["name"] + " exception " + x["id"], x["because"])
             for c in d["clauses"] for r in c["readings"] for x in r["exceptions"]]
tiers = {p["model"]: p["model_tier"] for p in d["paths"]}
clouds = {}
for p in d["paths"]:
    for h in p["hop_details"]: clouds[h["id"]] = (h["cloud"], h["operator"])
checked = 0
for cid, name, b in becauses:
    for pid, c in re.findall(r"([\w>-]+(?:\[[\w-]+\])?) from (\w[\w-]*)", b):
        if pid in paths:
            assert paths[pid]["model_cloud"] == c, (cid, name, pid, c, b)
            checked += 1
    for dep, c in re.findall(r"([\w-]+) runs \w[\w-]* on ([\w-]+)", b):
        assert clouds[dep][0] == c, (cid, name, b)
        checked += 1
    for dep, op, c in re.findall(r"([\w-]+),? operated by (\w+) on ([\w-]+)", b):
        assert clouds[dep] == (c, op), (cid, name, b)
        checked += 1
    for m in re.findall(r"([\w-]+) is open-weight", b):
        assert tiers[m] == "open_weight", (cid, name, b)
        checked += 1
    for bad in ["every stateless API call to an OpenAI model is served",
                "Amazon sells no OpenAI model access to government customers",
                "every customer-facing path to an OpenAI model"]:
        assert bad not in b, (cid, name, b)
'
check_json 1 "$FACTS
assert checked >= 20, checked
b = reading('$API', 'letter')['because']
assert reading('$API', 'letter')['verdict'] == 'compliant'
assert 'covered OpenAI model' in b and 'gpt-oss-120b is open-weight, outside this clause' in b, b
assert 'llama is meta' in b, b
s = reading('$API', 'spirit')['because']
assert 'msft is by microsoft, not a rival cloud provider' in s and 'oss is about an open-weight model' in s, s
g = reading('amazon-openai-2026/government-resale', 'narrow')
assert g['verdict'] == 'not_applicable' and 'no covered OpenAI model' in g['because'], g
assert 'gpt-oss-120b is open-weight' in g['because'], g
" $RL check "$T/w/mixed.lua" -r rules -f json
# Every scenario of the catalog passes the same fact check.
for f in scenarios/*.lua scenarios/*.json; do
	case $f in *.batch.lua) continue ;; esac
	run $RL check "$f" -r rules -f json
	if [ "$RC" -gt 1 ]; then fail "[$f] exit $RC"; continue; fi
	check_json "$RC" "$FACTS" $RL check "$f" -r rules -f json
done
# The same mixed world with Amazon selling covered access to government: the resale
# clause is no longer "not applicable", and says what it sold.
sed 's/operator = "openai", seller = "openai",/operator = "openai", seller = "amazon",/' \
	"$T/w/mixed.lua" >"$T/w/mixed_gov.lua"
check_json 1 "
g = reading('amazon-openai-2026/government-resale', 'broad')
assert g['verdict'] == 'compliant' and 'gov-chatgpt->chatgpt-inference sells chatgpt-enterprise' in g['because'], g
assert 'set aside: gpt-oss-120b is open-weight' in g['because'], g
" $RL check "$T/w/mixed_gov.lua" -r rules -f json

# ---- 2. exceptions traced --------------------------------------------------------------
check_json 1 "
for r in clause('$API')['readings']:
    x = r['exceptions']
    assert len(x) == 1 and x[0]['id'] == '$RED', r
l = reading('$API', 'letter')['exceptions'][0]
assert l['applies'] is True and 'made with amazon (operates bedrock-sre)' in l['because'], l
s = reading('$API', 'spirit')['exceptions'][0]
assert s['applies'] is False and 'cannot carry gpt-frontier served from aws' in s['because'], s
assert reading('msft-openai-2025/ip-license', 'letter')['exceptions'] == []
" $RL check scenarios/frontier_bedrock_sre.lua -r rules -f json
# A compliant reading says why the exception did not apply.
check_json 1 "
x = reading('$API', 'letter')['exceptions'][0]
assert reading('$API', 'letter')['verdict'] == 'compliant' and x['applies'] is False, x
assert 'no stateless API call to a covered model outside Azure' in x['because'], x
" $RL check scenarios/frontier_state_aws_inference_azure.lua -r rules -f json
# The raw endpoint: the red line does not apply, because it is raw API access.
check_json 1 "
x = reading('$API', 'letter')['exceptions'][0]
assert x['applies'] is False and 'raw API access' in x['because'] and 'frontier-completions' in x['because'], x
n = reading('msft-openai-2025/ip-license', 'narrow')
assert n['verdict'] == 'breach' and 'raw API access' in n['because'], n
" $RL check scenarios/raw_endpoint_beside_platform.lua -r rules -f json
# Renting compute: a third party under letter, none under letter-partner.
check_json 1 "
assert reading('$API', 'letter')['exceptions'][0]['applies'] is True
p = reading('$API', 'letter-partner')
assert p['verdict'] == 'breach' and p['exceptions'][0]['applies'] is False, p
assert 'no third party in the partner sense' in p['exceptions'][0]['because'], p
assert abs(clause('$API')['p_breach'] - 0.65) < 1e-9
" $RL check scenarios/openai_rented_aws_compute.lua -r rules -f json
# An unknown fact leaves an exception undecided: applies null.
cat >"$T/w/unknown_share.lua" <<'LUA'
scenario "unknown-share" { date = "2026-03-18", source = "a test world" }
include("common/parties.lua")
model "gpt-frontier" { owner = "openai", tier = "frontier" }
product "frontier" { owner = "openai", kind = "platform", state = "stateful",
                     models = { "gpt-frontier" }, api_share = unknown }
deployment "bedrock-sre" { runs = "frontier", cloud = "aws", operator = "amazon",
                           audience = { "enterprise" }, calls = { "sre-inference" } }
deployment "sre-inference" { runs = "gpt-frontier", cloud = "aws", operator = "amazon",
                             interface = "api", state = "stateless" }
LUA
check_json 1 "
x = reading('$API', 'letter')['exceptions']
assert x and x[0]['applies'] is None and 'product.frontier.api_share' in x[0]['because'], x
" $RL check "$T/w/unknown_share.lua" -r rules -f json
# Text report and explain SCENARIO EXCEPTION_ID.
expect_stdout_contains 0 "exception msft-openai-2025/red-line does not apply" \
	$RL check scenarios/frontier_state_aws_inference_azure.lua -r rules --clause $API
expect_stdout_contains 1 "does not apply: the carve-out cannot carry gpt-frontier served from aws" \
	$RL explain scenarios/frontier_bedrock_sre.lua $RED -r rules
expect_stdout_contains 1 "reading letter-partner (weight 0.25): breach" \
	$RL explain scenarios/openai_rented_aws_compute.lua $RED -r rules
expect_stdout_contains 1 "exception msft-openai-2025/red-line applies" \
	$RL explain scenarios/openai_rented_aws_compute.lua $API -r rules
expect_exit 2 $RL explain scenarios/frontier_bedrock_sre.lua msft-openai-2025/red-lines -r rules
# Not considered: the scenario leaves its contract out.
stderr_has 2 "expected $RED to be in force and considered" \
	$RL explain scenarios/gov_resale_before_start.lua $RED -r rules --at 2025-01-01

# ---- 4. analyst claims decide before the words -------------------------------------------
check_json 1 "
m = reading('aws-guidance-2026/messaging', 'letter')
assert m['verdict'] == 'breach' and m['evidence'] == ['demo'], m
assert 'decided by claims set by the analyst: access' in m['because'], m
s = reading('$API', 'spirit')
assert 'demo (by amazon)' in s['because'] and 'claims set by the analyst' in s['because'], s
" $RL check scenarios/marketing_copy_analyst_claims.lua -r rules -f json
check_json 1 "
m = reading('aws-guidance-2026/messaging', 'letter')
assert sorted(m['evidence']) == sorted(['imperative', 'passive', 'headline', 'guillemets',
    'product-name', 'calls-on']), m
assert 'decided by its wording' in m['because'], m
" $RL check scenarios/marketing_copy_forbidden.lua -r rules -f json

# ---- include returns values; an included file is read once and hashed once ----------------
mkdir -p "$T/r/lib"
cp rules/sources.lua "$T/r/"   # the bundled scenarios cite these sources
cat >"$T/r/lib/shared.lua" <<'LUA'
local n = 0
return { name = "microsoft" }, 42
LUA
for p in a b; do
cat >"$T/r/$p.lua" <<LUA
local shared, answer = include("lib/shared.lua")
assert(answer == 42, "include returned " .. tostring(answer))
contract "c-$p" { effective = "2020-01-01" }
clause "c-$p/k" { contract = "c-$p", text = "t",
  check = function(w) return compliant(shared.name .. " " .. answer) end }
LUA
done
check_json 0 "
files = [f for f in d['manifest']['files'] if f['path'].endswith('lib/shared.lua')]
assert len(files) == 1 and files[0]['role'] == 'include' and len(files[0]['sha256']) == 64, d['manifest']
assert reading('c-a/k', 'letter')['because'] == 'microsoft 42'
assert not any(f['path'].endswith('/lib/shared.lua') and f['role'] == 'rules' for f in d['manifest']['files'])
" $RL check scenarios/frontier_bedrock_sre_all_contracts.lua -r "$T/r" -f json
# rules/lib is never loaded as a pack: a directory's packs are its own *.lua files.
check_json 1 "
assert not any(f['role'] == 'rules' and '/lib/' in f['path'] for f in d['manifest']['files'])
assert sum(1 for f in d['manifest']['files'] if f['path'] == 'rules/lib/words.lua') == 1
" $RL check scenarios/frontier_bedrock_sre.lua -r rules -f json
expect_stdout_contains 0 "ok (library for include, no clauses)" $RL lint rules/lib/terms.lua rules/lib/words.lua
# A JSON scenario's statement carries claims too.
python3 "$CHECK_PY" write-claims-json "$T/w/claims.json"
check_json 1 "
m = reading('$API', 'spirit')
assert m['verdict'] == 'breach' and 'claims set by the analyst: calls_on' in m['because'], m
" $RL check "$T/w/claims.json" -r rules -f json
# relies is for rule packs only.
printf 'scenario "s" { date = "2026-01-01" }\nrelies { party = { "x" } }\n' >"$T/w/relies.lua"
stderr_has 2 "found relies, which belongs in a rule pack" $RL check "$T/w/relies.lua" -r rules
printf 'relies { parties = { "x" } }\n' >"$T/r/bad_relies.lua"
stderr_has 2 "did you mean 'party'" $RL check scenarios/frontier_bedrock_sre.lua -r "$T/r/bad_relies.lua"

# ---- 5. lint: modelling mistakes, each a warning with file:line ----------------------------
# lint_case NAME TEXT LINE: a world with one slip; check prints the warning on stderr
# (exit as usual), lint too, and --strict makes it bad input (exit 2, nothing on stdout).
lint_case() {
	lc_name=$1; lc_file="$T/w/$1.lua"; lc_warn="$T/w/$1.lua:$3: warning: $2"
	run $RL check "$lc_file" -r rules
	if [ "$RC" -le 1 ] && [ -s "$T/out" ] && grep -qF "$lc_warn" "$T/err"; then pass
	else fail "[$lc_name check] exit $RC: $(head -n 1 "$T/err")"; fi
	stderr_has 0 "$lc_warn" $RL lint "$lc_file" -r rules
	run $RL check "$lc_file" -r rules --strict
	if [ "$RC" = 2 ] && [ ! -s "$T/out" ] && grep -qF "$lc_warn" "$T/err"; then pass
	else fail "[$lc_name --strict] exit $RC, stdout $(wc -c <"$T/out") bytes"; fi
	expect_exit 2 $RL lint "$lc_file" -r rules --strict
}
base() {
	cat <<'LUA'
scenario "slip" { date = "2026-03-18", source = "a test world" }
include("common/parties.lua")
model "gpt-frontier" { owner = "openai", tier = "frontier" }
deployment "openai-api" { runs = "gpt-frontier", cloud = "azure", operator = "openai",
                          audience = { "developer" } }
LUA
}
{ base; echo 'deployment "aws-infer" { runs = "gpt-frontier", cloud = "aws", operator = "amazon" }'; } >"$T/w/no_audience.lua"
lint_case no_audience "deployment aws-infer: expected a customer to reach it" 6
{ base; echo 'model "gpt-spare" { owner = "openai" }'; } >"$T/w/model_unreached.lua"
lint_case model_unreached "model gpt-spare: expected an access path to reach it" 6
{ base; echo 'product "agents" { owner = "openai", kind = "application", state = "stateful", models = { "gpt-frontier" } }'; } >"$T/w/product_unreached.lua"
lint_case product_unreached "product agents: expected an access path to reach it" 6
{ base; echo 'product "gw" { owner = "openai", kind = "platform", state = "stateless", models = { "gpt-frontier" } }'
  echo 'deployment "gw-d" { runs = "gw", cloud = "azure", operator = "openai", audience = { "enterprise" } }'; } >"$T/w/stateless_platform.lua"
lint_case stateless_platform "product gw: expected a platform to be stateful" 6
{ base; echo 'product "api0" { owner = "openai", kind = "api", state = "stateless", models = { "gpt-frontier" }, api_share = 0 }'
  echo 'deployment "api0-d" { runs = "api0", cloud = "azure", operator = "openai", audience = { "developer" } }'; } >"$T/w/api_share0.lua"
lint_case api_share0 "product api0: expected an API product to be used as an API, found api_share = 0" 6
{ base; echo 'statement "s" { by = "amazon", text = "Powered by OpenAI" }'; } >"$T/w/about_nothing.lua"
lint_case about_nothing "statement s: expected about = the product or model it speaks of" 6
{ base; echo 'statement "s" { by = "amazon", about = "gpt-frontier", text = "x", claims = { "acess" } }'; } >"$T/w/bad_claim.lua"
lint_case bad_claim "statement s: expected claims among those the rule packs know" 6
{ base | sed 's/source = "a test world" }/source = "a test world", params = { api_share_treshold = 0.4 } }/'; } >"$T/w/bad_param.lua"
lint_case bad_param "scenario slip: expected params among those the rule packs read (api_share_threshold), found 'api_share_treshold'" 1
{ base; echo 'party "google" { kind = "cloud_provider" }'; echo 'cloud "gcp" { owner = "google" }'; } >"$T/w/unknown_owner.lua"
lint_case unknown_owner "cloud gcp: expected its owner to be a party the rule packs know (amazon, microsoft, openai), found 'google'" 7
# The issue's slip: "ms" where the packs rely on "microsoft". Azure reads as a third
# party's cloud and the API clause breaches; lint names the near id.
cat >"$T/w/ms.lua" <<'LUA'
scenario "ms" { date = "2026-03-18", source = "a test world" }
party "ms" { kind = "cloud_provider" }
party "openai" { kind = "model_provider" }
cloud "azure" { owner = "ms" }
model "gpt-frontier" { owner = "openai", tier = "frontier" }
deployment "openai-api" { runs = "gpt-frontier", cloud = "azure", operator = "openai",
                          audience = { "developer" } }
LUA
run $RL check "$T/w/ms.lua" -r rules --clause $API
if [ "$RC" = 1 ] && grep -qF "$T/w/ms.lua:2: warning: party ms: expected the id 'microsoft', which the rule packs rely on (rules/" "$T/err" &&
   grep -qF "$T/w/ms.lua:4: warning: cloud azure: expected its owner to be a party the rule packs know" "$T/err"; then pass
else fail "[ms] exit $RC: $(cat "$T/err")"; fi
expect_exit 2 $RL check "$T/w/ms.lua" -r rules --strict
expect_exit 2 $RL lint "$T/w/ms.lua" -r rules --strict
# A cloud whose owner is unknown.
{ base; echo 'cloud "mystery" { owner = unknown }'; } >"$T/w/owner_unknown.lua"
lint_case owner_unknown "cloud mystery: expected an owner, found unknown" 6
# The catalog carries no modelling slip.
run $RL lint scenarios/*.lua scenarios/*.json -r rules --strict
if [ "$RC" = 0 ] && [ ! -s "$T/err" ]; then pass; else fail "catalog lint --strict: exit $RC: $(head -n 2 "$T/err")"; fi
# A clean world: no warning at all.
base >"$T/w/clean.lua"
run $RL check "$T/w/clean.lua" -r rules --strict
if [ "$RC" = 0 ] && [ ! -s "$T/err" ]; then pass; else fail "clean --strict: exit $RC: $(head -n 1 "$T/err")"; fi

finish
