-- rules/sources.lua — the published reports the rule packs and scenarios cite.
--
-- Each `source` is one article: its title, outlet and date as published, and the
-- passages (at most two sentences each, quoted verbatim) that the clauses, readings,
-- exceptions and facts rest on. A citation names a passage as "ID#QUOTE"
-- (source = "ft-2026-03-18#api-clause"); reports print the passage beside it and
-- list every source cited in a bibliography.
--
-- Every rule pack includes this file, and `-r rules` loads it too: a source defined
-- twice with the same title, outlet and date is kept once.
--
-- No article carries a URL in the copy the analysts worked from, so none is given:
-- look an article up by its outlet, title and date. Where the copy does not name its
-- outlet, `outlet` says so; where it gives only the month, `date` is "YYYY-MM".

source "ft-2026-03-18" {
  title = "Microsoft weighs legal action over $50bn Amazon-OpenAI cloud deal",
  outlet = "Financial Times",
  date = "2026-03-18",
  note = "Dated by PYMNTS's report of it (\"As the Financial Times (FT) reported Wednesday "
      .. "(March 18)\"). Quoted from the copy reproduced in a compilation of four reports.",
  quotes = {
    ["weighs-legal-action"] = "Microsoft is weighing legal action against Amazon and OpenAI over a $50bn deal that could breach its exclusive cloud partnership with the ChatGPT maker, setting up a clash between the Big Tech rivals.",
    ["routed-through-azure"] = "The dispute centres on whether Amazon Web Services can offer OpenAI's new commercial product, known as Frontier, without violating a longstanding agreement that requires all access to the start-up's models to be routed through Microsoft's Azure cloud platform.",
    ["spirit-not-letter"] = "Amazon and OpenAI say they are building a system that works around the contract. Microsoft executives dispute this, saying the approach is not feasible and would violate the spirit, if not the letter, of their agreement, according to people familiar with the discussions.",
    ["we-will-sue"] = "\"We know our contract,\" said a person familiar with Microsoft's position. \"We will sue them if they breach it.",
    ["frontier-agents"] = "OpenAI's Frontier deploys fleets of AI agents -- bots that can operate independently under human instructions -- within businesses.",
    ["pledge-138bn"] = "The platform is the centrepiece of the OpenAI-Amazon partnership announced last month, alongside a pledge to buy $138bn in cloud services from AWS.",
    ["exclusive-since-2019"] = "Microsoft had been OpenAI's exclusive cloud provider since investing $1bn in the start-up in 2019 but gave up that right when it signed off on its restructuring in October.",
    ["api-clause"] = "However, it retained a clause covering application programming interfaces (APIs), the connections developers and businesses use to access OpenAI's models. The clause requires all API calls to be routed through Azure.",
    ["nothing-changed"] = "When the three groups released parallel statements describing the Frontier product, Microsoft asserted that nothing had changed from the October agreement and it remained the exclusive cloud provider for OpenAI APIs.",
    ["stateless-stateful"] = "The dispute hinges on the definition of \"stateless\" and \"stateful\" access to AI models. Large language models are \"stateless\" by default, retaining no information between user interactions.",
    ["sre"] = "Amazon and OpenAI are developing a system known as a \"Stateful Runtime Environment\" that runs in Amazon's Bedrock AI platform. The system would access company data stored on AWS, allowing OpenAI agents to remember prior work, operate across software tools and data sources, and access computing power.",
    ["no-technology"] = "Those claims concerned Microsoft because its experts do not believe the technology exists to avoid running Frontier on Azure under the terms of its contract, the people said.",
    ["staff-memo"] = "AWS employees may tell customers that SRE is \"powered by\", \"enabled by\" or \"integrates with\" OpenAI, but are banned from saying that SRE \"enables access\" or \"calls on\" ChatGPT. Staff should also not suggest that OpenAI's most advanced frontier models are available on AWS.",
    ["red-line"] = "OpenAI maintains that its Amazon deal does not allow backdoor access to its stateless models, according to the person familiar with its position. The start-up has the right to make new products with third parties so long as they do not cross the \"red line\" of being primarily offered as an API.",
  },
}

source "economic-times-2026-03" {
  title = "Microsoft considers legal action over $50 billion Amazon-OpenAI cloud deal: Report",
  outlet = "The Economic Times",
  date = "2026-03",
  note = "Reports the Financial Times article of 18 March 2026 (\"reported on Wednesday\"). "
      .. "Quoted from the copy reproduced in a compilation of four reports.",
  quotes = {
    ["exclusive-third-party"] = "Last month, Amazon and OpenAI signed several agreements, including one that makes Amazon Web Services (AWS) the exclusive third-party cloud provider for Frontier, OpenAI's enterprise platform for building and running AI agents.",
    ["investments"] = "Microsoft was one of OpenAI's earliest investors, infusing $1 billion in the firm in 2019 and $10 billion at the beginning of 2023.",
    ["non-binding-september"] = "In September last year, the two signed a non-binding deal under new relationship terms, paving the way for OpenAI to sign deals with SoftBank, Nvidia and Amazon.",
    ["joint-statement"] = "In a joint statement last month, Microsoft and OpenAI said Microsoft maintained its \"exclusive license and access to intellectual property across OpenAI models and products\" and that Azure remained the exclusive cloud provider for OpenAI's models.",
    ["hosted-on-azure"] = "While the statement sought to outline the limits to the work that Amazon and OpenAI could undertake together without involving Azure, it said Microsoft was \"excited to see\" what the two would build together and that Frontier would continue to be hosted on Azure.",
  },
}

source "pymnts-2026-03" {
  title = "Microsoft Considers Suing to Halt Amazon-OpenAI Cloud Deal",
  outlet = "PYMNTS",
  date = "2026-03",
  note = "Quoted from the copy reproduced in a compilation of four reports.",
  quotes = {
    ["ft-date"] = "As the Financial Times (FT) reported Wednesday (March 18), the issue hinges on whether Amazon Web Services (AWS) can offer OpenAI's new Frontier commercial product without breaking an agreement requiring all access to OpenAI's models to be run through Microsoft's Azure cloud platform.",
    ["government"] = "The news comes one day after a report that AWS and OpenAI had struck a deal that would help OpenAI sell its services to the federal government. AWS is already a major cloud provider to several government agencies, and has agreed to sell OpenAI products to other U.S. government customers, The Information reported, citing sources familiar with the matter.",
  },
}

source "weighs-lawsuit-2026-03" {
  title = "Microsoft Weighs Lawsuit Over Amazon–OpenAI Cloud Pact, Escalating Tension Inside AI Alliance",
  outlet = "outlet not named in the copy",
  date = "2026-03",
  quotes = {
    ["50bn-frontier"] = "At the center of the dispute is a reported $50 billion set of agreements between OpenAI and Amazon, including provisions that make Amazon Web Services (AWS) the exclusive third-party cloud provider for “Frontier,” OpenAI’s enterprise platform for building and running AI agents.",
    ["non-binding"] = "Microsoft and OpenAI signed a non-binding deal in September under new relationship terms, paving the way for OpenAI to sign deals with companies including SoftBank, Nvidia and Amazon.",
    ["stateless-apis"] = "A Microsoft spokesperson told that “Azure remains the exclusive cloud provider of stateless OpenAI APIs,” and added that Microsoft is “confident” OpenAI understands and respects the “legal obligation” involved.",
  },
}

source "eyes-legal-action-2026-03" {
  title = "Microsoft Eyes Legal Action Against OpenAI and Amazon Over Cloud Partnership Deal",
  outlet = "outlet not named in the copy",
  date = "2026-03",
  quotes = {
    ["binding-agreements"] = "Last month, Amazon Web Services (AWS) and OpenAI entered into several binding agreements, one of which designated AWS as the sole third-party cloud provider for Frontier. Frontier is OpenAI’s enterprise platform aimed at developing and deploying AI agents.",
  },
}

source "why-legal-action-2026-03" {
  title = "Why is Microsoft considering legal action against Amazon and OpenAI?",
  outlet = "outlet not named in the copy",
  date = "2026-03",
  quotes = {
    ["core-issue"] = "Microsoft is reviewing whether to take legal action after reports that Amazon Web Services planned to offer a packaged OpenAI product called Frontier. The core issue is whether that sale would violate the long-term collaboration and preferential cloud arrangement Microsoft has with OpenAI.",
  },
}

source "analysis-2026-03" {
  title = "Microsoft weighs legal action over $50bn Amazon-OpenAI cloud deal (an in-depth analysis)",
  outlet = "outlet not named in the copy",
  date = "2026-03",
  quotes = {
    ["in-practice"] = "This relationship has effectively positioned Microsoft as OpenAI’s exclusive cloud provider—at least in practice, if not always contractually absolute.",
  },
}
