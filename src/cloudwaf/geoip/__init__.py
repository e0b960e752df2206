"""The geoip module: offline IP geolocation (country, ASN, city) from MMDB files."""
