party "openai"    { kind = "model_provider" }
party "amazon"    { kind = "cloud_provider" }
party "microsoft" { kind = "cloud_provider" }
cloud "azure" { owner = "microsoft" }
cloud "aws"   { owner = "amazon" }
