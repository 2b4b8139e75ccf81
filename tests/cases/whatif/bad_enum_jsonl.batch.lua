batch "bad" { base = "../../../scenarios/frontier_bedrock_sre.lua", rows = jsonl_file("bad_enum.jsonl") }
