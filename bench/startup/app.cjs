// The "app": loads node:http and ends. What is measured is everything the preloads add to it.
require('node:http');
