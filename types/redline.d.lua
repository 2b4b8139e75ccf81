---@meta redline
-- LuaLS annotations for redline scenario and rule files. Never executed.

---@alias redline.Date string ISO 8601 date, "YYYY-MM-DD"
---@alias redline.PartyKind "model_provider"|"cloud_provider"|"customer"|"reseller"|"government"
---@alias redline.Tier "frontier"|"standard"|"open_weight"
---@alias redline.ProductKind "api"|"platform"|"application"
---@alias redline.State "stateless"|"stateful"
---@alias redline.Audience "enterprise"|"government"|"developer"|"consumer"
---@alias redline.Kind "scenario"|"party"|"parties"|"cloud"|"clouds"|"model"|"models"|"product"|"products"|"deployment"|"deployments"|"statement"|"statements"|"path"|"paths"
---@alias redline.VerdictName "breach"|"compliant"|"unknown"|"not_applicable"|"error"
---@alias redline.ClauseVerdict "breach"|"contested"|"compliant"|"unknown"|"not_applicable"|"error"
---@alias redline.Scalar string|number|boolean
---@alias redline.Filter table<string, redline.Scalar|redline.Scalar[]>

---The `unknown` constant (a fact not known) and verdict constructor.
---@class redline.Unknown
---@overload fun(because: string, needs?: string[]): redline.Verdict
unknown = {}

---@class redline.Common
---@field name? string
---@field source? string citation: "ID#QUOTE", "ID" or free text holding a space
---@field sources? string[] more citations
---@field note? string
---@field attrs? table<string, redline.Scalar>

---@class redline.ScenarioFields: redline.Common
---@field date? redline.Date|redline.Unknown required, unless `base` gives it: evaluation date
---@field title? string
---@field description? string
---@field contracts? string[] default: all loaded contracts
---@field expect? table<string, redline.ClauseVerdict> clause id -> expected verdict (`redline test`)
---@field expect_at? table<redline.Date, table<string, redline.ClauseVerdict>> date -> (clause id -> expected verdict on that date)
---@field params? table<string, redline.Scalar>
---@field base? string derive from this scenario file (relative to this file; its facts and fields, the ones given here replacing its own)
---@field set? table<redline.AxisPath, redline.Scalar|redline.Scalar[]|redline.Unknown> with base: facts changed from the base, by batch axis path ("deployment.ID.cloud", "date", "param.KEY", ...)

---@class redline.PartyFields: redline.Common
---@field kind redline.PartyKind|redline.Unknown required

---@class redline.CloudFields: redline.Common
---@field owner string|redline.Unknown required: party id

---@class redline.ModelFields: redline.Common
---@field owner string|redline.Unknown required: party id
---@field tier? redline.Tier|redline.Unknown default "standard"
---@field weights? string[]|redline.Unknown cloud ids holding the weights

---@class redline.ProductFields: redline.Common
---@field owner string|redline.Unknown required: party id
---@field kind redline.ProductKind|redline.Unknown required
---@field state redline.State|redline.Unknown required
---@field models? string[]|redline.Unknown model ids
---@field api_share? number|redline.Unknown in [0,1]; default 1 for api, 0 otherwise

---@class redline.DeploymentFields: redline.Common
---@field runs string|redline.Unknown required: product or model id
---@field cloud string|redline.Unknown required: cloud id
---@field operator string|redline.Unknown required: party id
---@field seller? string|redline.Unknown party id; default operator
---@field interface? redline.ProductKind|redline.Unknown default the product's kind, "api" for a model
---@field state? redline.State|redline.Unknown default the product's state, "stateless" for a model
---@field audience? redline.Audience[]|redline.Unknown empty: internal only
---@field calls? string[]|redline.Unknown deployment ids

---@class redline.StatementFields: redline.Common
---@field by string|redline.Unknown required: party id
---@field text string|redline.Unknown required
---@field about? string|redline.Unknown product or model id
---@field audience? redline.Audience[]|redline.Unknown
---@field date? redline.Date|redline.Unknown

---@param id string
---@return fun(fields: redline.ScenarioFields)
function scenario(id) end
---@param id string
---@return fun(fields: redline.PartyFields)
function party(id) end
---@param id string
---@return fun(fields: redline.CloudFields)
function cloud(id) end
---@param id string
---@return fun(fields: redline.ModelFields)
function model(id) end
---@param id string
---@return fun(fields: redline.ProductFields)
function product(id) end
---@param id string
---@return fun(fields: redline.DeploymentFields)
function deployment(id) end
---@param id string
---@return fun(fields: redline.StatementFields)
function statement(id) end

---Runs another file of the same directory tree in the same state and returns what it
---returns, as dofile does (rule packs share code from rules/lib/ this way). A rule pack's
---includes are read once per engine.
---@param path string relative to the current file
---@return any ...
function include(path) end

---@class redline.SourceFields
---@field title string required
---@field outlet string required
---@field date string required: "YYYY-MM-DD", "YYYY-MM" or "YYYY"
---@field url? string https:// or http://
---@field quotes? table<string, string> name -> passage of at most two sentences
---@field note? string
---@field name? string

---A published report or document cited as "ID#QUOTE" (rule packs and scenarios).
---@param id string
---@return fun(fields: redline.SourceFields)
function source(id) end

---Loads a JSON document (lua-cjson) from the current file's directory tree.
---@param path string relative to the current file
---@return any
function json_file(path) end

---lua-cjson's encode/decode.
---@class redline.Json
---@field encode fun(value: any): string
---@field decode fun(text: string): any
json = {}

-- Rule packs ---------------------------------------------------------------

---@class redline.ContractFields
---@field effective redline.Date required
---@field title? string
---@field parties? string[] party ids
---@field signed? redline.Date
---@field ends? redline.Date after effective
---@field binding? boolean default true
---@field supersedes? string[] clause or contract ids
---@field source? string citation: "ID#QUOTE", "ID" or free text
---@field sources? string[] citations
---@field note? string
---@field name? string
---@field attrs? table<string, redline.Scalar>

---@alias redline.Check fun(w: redline.World): redline.Verdict

---@class redline.Reading
---@field weight? number normalised per clause
---@field doc? string the reasoning: what the reading takes the clause to mean, why this weight
---@field check redline.Check
---@field name? string
---@field source? string citation
---@field sources? string[] citations

---@class redline.ClauseFields
---@field contract string required: contract id
---@field text string required
---@field readings? table<string, redline.Reading> either readings or check
---@field check? redline.Check one reading named "letter", weight 1
---@field title? string
---@field holder? string
---@field obligor? string
---@field source? string citation
---@field sources? string[] citations
---@field effective? redline.Date
---@field ends? redline.Date
---@field exposure_usd? number
---@field note? string
---@field name? string
---@field attrs? table<string, redline.Scalar>

---@alias redline.Applies fun(w: redline.World): boolean, string?

---@class redline.ExceptionReading
---@field applies redline.Applies
---@field doc? string
---@field name? string

---@class redline.ExceptionFields
---@field to string required: clause id
---@field text? string
---@field applies? redline.Applies either applies or readings
---@field readings? table<string, redline.ExceptionReading> names of the clause's readings
---@field contract? string
---@field source? string citation
---@field sources? string[] citations
---@field title? string
---@field note? string
---@field name? string
---@field attrs? table<string, redline.Scalar>

---@param id string
---@return fun(fields: redline.ContractFields)
function contract(id) end
---@param id string clause id, conventionally "contract-id/name"
---@return fun(fields: redline.ClauseFields)
function clause(id) end
---@param id string
---@return fun(fields: redline.ExceptionFields)
function exception(id) end

---Rule packs only: the ids and values the pack relies on a scenario to use, for lint's
---warnings ("ms" where a pack looks for "microsoft"). Keys: an entity kind (party, cloud,
---model, product, deployment, statement), "claims" (values of statement claims) or
---"params" (keys of scenario params); each a list of strings.
---@param what table<string, string[]>
function relies(what) end

---@class redline.Verdict
---@field verdict redline.VerdictName

---@param because string
---@param evidence? (redline.Entity|redline.Path)[]
---@return redline.Verdict
function breach(because, evidence) end
---@param because string
---@param evidence? (redline.Entity|redline.Path)[]
---@return redline.Verdict
function compliant(because, evidence) end
---@param because string
---@return redline.Verdict
function not_applicable(because) end

-- The world ------------------------------------------------------------------

---A read-only entity handle. Reference fields read as id strings, lists as fresh
---tables. Reading an unknown fact stops the check (verdict unknown).
---@class redline.Entity
---@field id string
---@field kind string entity kind; for party/product, their own `kind` field
---@field name? string
---@field source? string
---@field note? string
---@field attrs? table<string, redline.Scalar> read-only
---@field date? redline.Date scenario/statement
---@field title? string scenario
---@field description? string scenario
---@field contracts? string[] scenario
---@field params? table<string, redline.Scalar> scenario
---@field owner? string cloud/model/product: party id
---@field tier? redline.Tier model
---@field weights? string[] model: cloud ids
---@field state? redline.State product/deployment
---@field models? string[] product: model ids
---@field api_share? number product
---@field runs? string deployment: product or model id
---@field cloud? string deployment: cloud id
---@field operator? string deployment: party id
---@field seller? string deployment: party id
---@field interface? redline.ProductKind deployment
---@field audience? redline.Audience[] deployment/statement
---@field calls? string[] deployment: deployment ids
---@field by? string statement: party id
---@field text? string statement
---@field about? string statement: product or model id
---@field claims? string[] statement: what an analyst reads it to claim ("access", "calls_on", "availability", "frontier_on_aws", "integration"); rules use these before the wording heuristic

---A derived access path from a customer-facing deployment to a model.
---@class redline.Path
---@field id string hops joined with "->", or "entry[model]"
---@field entry string deployment id
---@field entry_cloud string cloud id
---@field seller string party id
---@field operator string party id
---@field interface redline.ProductKind
---@field state redline.State
---@field audience redline.Audience[]
---@field product? string product id
---@field api_share number
---@field model string model id
---@field model_owner string party id
---@field model_tier redline.Tier
---@field model_cloud string cloud id
---@field model_deployment string deployment id
---@field hops string[] deployment ids, entry first
---@field stateful boolean any hop stateful
---@field direct_api boolean the entry is a stateless API

---@class redline.World
---@field date redline.Date
---@field params table<string, redline.Scalar> read-only
---@field scenario redline.Entity
local World = {}

---@param kind redline.Kind
---@param id string
---@return redline.Entity|redline.Path|nil
function World:get(kind, id) end

---@param kind redline.Kind
---@param filter? redline.Filter
---@return integer
function World:count(kind, filter) end
---Whether a fact is known: false when `field` of the entity or path `x` is `unknown`
---(or a list holding `unknown`). Reading it is then safe; decide on known facts first.
---@param x redline.Entity|redline.Path
---@param field string
---@return boolean
function World:known(x, field) end
---Whether the number `field` of `x` is above `t`: false when the field is not set; an
---`unknown` field stops the check. A batch then reuses the verdict for every value on the
---same side of `t`, where reading the field whole would make each value a new case.
---@param x redline.Entity|redline.Path
---@param field string
---@param t number
---@return boolean
function World:above(x, field, t) end
---Whether the number `field` of `x` is below `t` (as World:above).
---@param x redline.Entity|redline.Path
---@param field string
---@param t number
---@return boolean
function World:below(x, field, t) end
---The value of `field` of `x` as an explanation shows it (a number with `digits`
---decimals, 0 to 9), without reading it: a placeholder the engine replaces where it
---keeps the explanation (a verdict's because and evidence, an exception's reason).
---@param x redline.Entity|redline.Path
---@param field string
---@param digits? integer
---@return string
function World:cite(x, field, digits) end

---@param filter? redline.Filter
---@return fun(): redline.Entity?
function World:parties(filter) end
---@param filter? redline.Filter
---@return fun(): redline.Entity?
function World:clouds(filter) end
---@param filter? redline.Filter
---@return fun(): redline.Entity?
function World:models(filter) end
---@param filter? redline.Filter
---@return fun(): redline.Entity?
function World:products(filter) end
---@param filter? redline.Filter
---@return fun(): redline.Entity?
function World:deployments(filter) end
---@param filter? redline.Filter
---@return fun(): redline.Entity?
function World:statements(filter) end
---@param filter? redline.Filter
---@return fun(): redline.Path?
function World:paths(filter) end

-- Batch files (*.batch.lua, docs/batch.md): what-if variants of one base scenario.

---A sampled axis: a number drawn uniformly from [a, b) (sample mode only).
---@class redline.Uniform

---@alias redline.AxisPath string "date", "param.KEY", "KIND.ID.FIELD" or "KIND.ID.attrs.KEY"
---@alias redline.AxisValues (redline.Scalar|redline.Unknown)[]|redline.Uniform
---@alias redline.Axis { [1]: redline.AxisPath, [2]: redline.AxisValues }

---@class redline.BatchFields
---@field base string the base scenario file, relative to the batch file
---@field vary redline.Axis[] the axes, in order: the first varies slowest
---@field mode? "grid"|"sample" default "grid": every combination; "sample": n random draws
---@field n? integer sample mode: the number of variants (1 to 1e12)
---@field seed? integer sample mode: the random seed (default 0)

---Declares the batch of this file (one per file).
---@param id string
---@return fun(fields: redline.BatchFields)
function batch(id) end

---The list a, a + step, ..., up to b (inclusive, within rounding).
---@param a number
---@param b number
---@param step number > 0
---@return number[]
function range(a, b, step) end

---A number drawn uniformly from [a, b) for each variant (sample mode).
---@param a number
---@param b number > a
---@return redline.Uniform
function uniform(a, b) end
