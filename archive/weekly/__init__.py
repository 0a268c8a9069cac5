"""Weekly activity reports from the directorates (müdürlükler) and the mayor's weekly
report compiled from them."""
