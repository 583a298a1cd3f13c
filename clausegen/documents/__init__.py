"""Building the documents of a tender: which clauses each document kind holds, in which order and
with which article numbers, rendered and recorded with the reason for every choice (`assemble`)."""
