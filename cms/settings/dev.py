from .base import *  # noqa: F403
from .base import env

DEBUG = env.boolean("DEBUG", True)
WHITENOISE_USE_FINDERS = True
