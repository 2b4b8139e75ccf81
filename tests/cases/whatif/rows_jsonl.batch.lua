batch "frontier-rows-jsonl" {
  base = "../../../scenarios/frontier_bedrock_sre.lua",
  rows = jsonl_file("variants.jsonl"),
}
