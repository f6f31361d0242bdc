filedesc://x.arc 0.0.0.0 20140216050221 text/plain 4
1 0

http://a.example/ 93.184.216.119 20140216050221 text/html 172
HTTP/1.1 200 OK
Content-Type: text/html

<!doctype html><html><head><title>Bridge</title></head><body><p>The bridge opened on Monday, the council said.</p></body></html>
