batch "bad" { base = "../../../scenarios/frontier_bedrock_sre.lua", rows = csv_file("bad_type.csv") }
