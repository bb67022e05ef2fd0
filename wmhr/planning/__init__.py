"""Fair times: the Wikimedia regions' countries and their zones, public holidays and weekends,
a session's coverage across its regions, and ranked candidate slots for the next round."""
