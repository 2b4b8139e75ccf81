-- The AWS messaging guidance (rules/aws_guidance.lua) over wordings: the CLI
-- tests check each line's verdict on aws-guidance-2026/messaging. Values 1-7
-- breach it; 8-12 do not.
batch "messaging-wordings" {
  base = "../../../scenarios/aws_pitch_enables_access.lua",
  mode = "grid",
  vary = {
    { "statement.aws-pitch.text", {
        "The SRE enables access to ChatGPT",
        "ENABLING ACCESS to OpenAI's models, today.",
        "Bedrock enabled-access to ChatGPT!",
        "The SRE calls on OpenAI models for every answer",
        "It calls upon ChatGPT.",
        "The runtime calling on OpenAI, at scale",
        "OpenAI's frontier models are available on AWS",
        "The SRE is powered by OpenAI",
        "Enabled by OpenAI technology",
        "Integrates with OpenAI's frontier platform",
        "Frontier: built with OpenAI, integrates with your data",
        "The SRE enables customers to build agents",
      } },
  },
}
