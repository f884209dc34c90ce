"""Text: the three forms of a text, sentences, rules, the gazetteer, and cleaning an article into roles."""
