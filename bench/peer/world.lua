-- The peer workload's world: one product, served to customers by a host
-- deployment that calls an inference deployment running one model.  The
-- peer batch (peer.batch.lua) sets the twelve facts of each variant from
-- the rows of a table; the values here are only the base scenario's.
--
--   variant field          axis path (a column of the table)
--   product_kind           product.peer-product.kind
--   state                  deployment.peer-host.state
--   host_cloud             deployment.peer-host.cloud
--   model_host             deployment.peer-inference.cloud
--   seller                 deployment.peer-host.seller
--   api_share              product.peer-product.api_share
--   date                   date
--   customer_segment       deployment.peer-host.attrs.customer_segment (no rule reads it)
--   marketing_phrase       statement.peer-pitch.text
--   weights_location       model.peer-model.attrs.weights_location
--   exclusive_third_party  deployment.peer-host.attrs.exclusive_third_party (no rule reads it)
--   frontier_model         model.peer-model.tier ("frontier" or "standard")
scenario "peer" {
  title = "Peer workload: one product, its host and its inference deployment",
  date = "2025-01-01",
  contracts = { "peer-2019", "peer-2025", "peer-marketing", "peer-frontier", "peer-ip" },
}
party "microsoft" { kind = "cloud_provider" }
party "amazon"    { kind = "cloud_provider" }
party "google"    { kind = "cloud_provider" }
party "openai"    { kind = "model_provider" }
cloud "azure" { owner = "microsoft" }
cloud "aws"   { owner = "amazon" }
cloud "gcp"   { owner = "google" }
model "peer-model" { owner = "openai", tier = "standard",
                     attrs = { weights_location = "azure" } }
product "peer-product" { owner = "openai", kind = "api", state = "stateless",
                         models = { "peer-model" }, api_share = 0 }
deployment "peer-host" { runs = "peer-product", cloud = "azure", operator = "microsoft",
                         seller = "microsoft", state = "stateless",
                         audience = { "enterprise" }, calls = { "peer-inference" },
                         attrs = { customer_segment = "enterprise",
                                   exclusive_third_party = false } }
deployment "peer-inference" { runs = "peer-model", cloud = "azure", operator = "microsoft" }
statement "peer-pitch" { by = "amazon", about = "peer-product", text = "powered by" }
