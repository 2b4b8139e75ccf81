-- Every kind of fact a batch axis can change: reused verdicts (--memo, the
-- default) must equal running every reading (--no-memo), line for line.
batch "memo-soundness" {
  base = "../../../scenarios/frontier_bedrock_sre.lua",
  mode = "grid",
  vary = {
    { "deployment.bedrock-sre.calls", { { "sre-inference" }, {} } },
    { "deployment.bedrock-sre.audience", { { "enterprise", "government" }, { "developer" } } },
    { "product.frontier.kind", { "platform", "api" } },
    { "deployment.bedrock-sre.state", { "stateful", "stateless" } },
    { "model.gpt-frontier.tier", { "frontier", "standard" } },
    { "deployment.sre-inference.operator", { "amazon", "microsoft" } },
    { "param.api_share_threshold", { 0.5, 0.8 } },
    { "date", { "2025-06-15", "2025-09-15", "2026-03-18" } },
    { "statement.aws-pitch.text", { "The SRE is powered by OpenAI",
                                    "The SRE enables access to ChatGPT" } },
    { "deployment.sre-inference.cloud", { "azure", "aws", unknown } },
    { "product.frontier.api_share", { 0.1, 0.6, 0.9 } },
  },
}
