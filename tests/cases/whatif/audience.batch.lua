batch "audience" { base = "../../../scenarios/frontier_bedrock_sre.lua", rows = jsonl_file("audience.jsonl") }
