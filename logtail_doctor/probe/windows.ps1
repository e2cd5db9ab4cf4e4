# logtail-doctor Windows probe, output format 1 (Windows PowerShell 5.1).
#
# Gathers, in one run, every fact the checks need and prints ONE line:
#   LTD-WINDOWS-PROBE 1 <base64 of the UTF-8 JSON document>
# base64, so that no console code page can mangle what the host holds.
#
# Read-only: it reads files, services, processes and addresses, resolves names,
# opens TCP connections and sends HTTP GETs to the configured config server.
# It never writes, creates, starts, stops or installs anything (no Set-*,
# New-*, Start-*, Stop-*, Restart-*, Out-File: tests/unit/test_windows_probe.py
# checks). Every step is in try/catch, so one failure never stops the rest.
#
# The runner strips full-line comments and indentation (probe/windows.py) and
# sends the script over the WinRM command's stdin (see windows.py: it is too
# long for a command line); so comments stay on lines of their own, never
# after code, and the script is plain ASCII.
#
# Seconds one network step may take: the runner defines $LtdStep from
# --command-timeout before this script runs (like LTD_STEP in linux.sh). All
# network steps together stop after 7 such steps (the Linux probe's 7 slow
# steps): later ones are reported as timed out, not tried.
if (-not (Test-Path Variable:LtdStep)) { $LtdStep = 15 }
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$Max = 65536
$StepMs = 1000 * $LtdStep
$End = [DateTime]::UtcNow.AddSeconds(7 * $LtdStep)
# A list object: functions add to it without scope modifiers, however the
# script is invoked (the runner runs it as a script block read from stdin).
$Errs = [Collections.ArrayList]@()
$Out = @{ step = $LtdStep; errors = $Errs }

function Note($what, $err) {
  [void]$Errs.Add(('{0}: {1}' -f $what, $err.Exception.Message))
}

function Epoch([DateTime]$d) {
  [long][Math]::Floor(($d.ToUniversalTime() - [DateTime]'1970-01-01').TotalSeconds)
}

# Milliseconds the next network step may wait: a step's share, within the total.
function StepWait {
  [int][Math]::Max(0, [Math]::Min($StepMs, ($End - [DateTime]::UtcNow).TotalMilliseconds))
}

# At most $Max bytes of a stream, in base64: a 1 GB file costs 64 KiB.
function ReadB64($stream) {
  $buf = [Array]::CreateInstance([byte], $Max)
  $n = 0
  while ($n -lt $Max) {
    $k = $stream.Read($buf, $n, $Max - $n)
    if ($k -le 0) { break }
    $n += $k
  }
  [Convert]::ToBase64String($buf, 0, $n)
}

# state: 0 present (content follows), 1 absent, 2 not a regular file, 3 unreadable.
function ReadFile($path) {
  $o = @{ path = $path; state = 1; size = 0; mtime = $null; data = '' }
  try {
    if (Test-Path -LiteralPath $path -PathType Leaf) {
      $o.state = 3
      $item = Get-Item -LiteralPath $path -Force
      $o.size = [long]$item.Length
      $o.mtime = Epoch $item.LastWriteTimeUtc
      $s = [IO.File]::Open($path, 'Open', 'Read', 'ReadWrite, Delete')
      try { $o.data = ReadB64 $s; $o.state = 0 } finally { $s.Close() }
    } elseif (Test-Path -LiteralPath $path) {
      $o.state = 2
    }
  } catch { Note "read $path" $_ }
  $o
}

# The IPv4 addresses of a name, in the resolver's order; throws when it fails or times out.
function Resolve4($name) {
  $wait = StepWait
  $a = [Net.Dns]::BeginGetHostAddresses($name, $null, $null)
  if (-not $a.AsyncWaitHandle.WaitOne($wait)) { throw "timed out after $wait ms" }
  @([Net.Dns]::EndGetHostAddresses($a) | Where-Object { $_.AddressFamily -eq 'InterNetwork' } | ForEach-Object { [string]$_ })
}

# The value of a Date header (WebHeaderCollection or dictionary), else $null.
function DateOf($headers) {
  foreach ($k in @($headers.Keys)) { if ($k -eq 'Date') { return [string]$headers[$k] } }
  $null
}

# The innermost exception of an error record (SocketException inside MethodInvocationException).
function Inner($err) {
  $e = $err.Exception
  while ($null -ne $e.InnerException) { $e = $e.InnerException }
  $e
}

try { $Out.hostname = [Net.Dns]::GetHostName() } catch { $Out.hostname = ''; Note 'hostname' $_ }
$Out.epoch = Epoch ([DateTime]::UtcNow)

# Step 1: services (Logtail >= 1.0: LogtailDaemon; 0.x: LogtailWorker), install dir, processes.
$Out.services = @(foreach ($name in 'LogtailDaemon', 'LogtailWorker') {
  $o = @{ name = $name; exists = $false; status = '' }
  try {
    $svc = Get-Service -Name $name -ErrorAction SilentlyContinue
    if ($null -ne $svc) { $o.exists = $true; $o.status = [string]$svc.Status }
  } catch { Note "service $name" $_ }
  $o
})

$Dirs = @('C:\Program Files\Alibaba\Logtail', 'C:\Program Files (x86)\Alibaba\Logtail')
$Out.dirs = @()
$Out.install_dir = $null
$Out.entries = @()
foreach ($d in $Dirs) {
  $there = $false
  try { $there = Test-Path -LiteralPath $d -PathType Container } catch { Note "dir $d" $_ }
  $Out.dirs += @{ path = $d; exists = $there }
  if ($there -and $null -eq $Out.install_dir) { $Out.install_dir = $d }
}
if ($null -ne $Out.install_dir) {
  try {
    $Out.entries = @(Get-ChildItem -LiteralPath $Out.install_dir -Force | Select-Object -First 200 | ForEach-Object { @{ name = [string]$_.Name; dir = [bool]$_.PSIsContainer } })
  } catch { Note 'install dir' $_ }
}
$Base = if ($null -ne $Out.install_dir) { $Out.install_dir } else { $Dirs[0] }

# Agent processes. The names are inferred, not documented: ilogtail.exe (and
# versioned ilogtail_*.exe), LogtailDaemon.exe; hence the two prefixes.
$Out.processes = @()
try {
  $filter = "Name like 'ilogtail%' or Name like 'Logtail%'"
  try {
    $procs = @(Get-CimInstance -ClassName Win32_Process -Filter $filter -OperationTimeoutSec $LtdStep)
  } catch {
    Note 'Get-CimInstance' $_
    $procs = @(Get-WmiObject -Class Win32_Process -Filter $filter)
  }
  $now = Get-Date
  $Out.processes = @(foreach ($p in $procs) {
    $made = $p.CreationDate
    if ($made -is [string]) { $made = [Management.ManagementDateTimeConverter]::ToDateTime($made) }
    $age = $null
    if ($null -ne $made) { $age = [long][Math]::Floor(($now - $made).TotalSeconds) }
    @{ name = [string]$p.Name; pid = [long]$p.ProcessId; ppid = [long]$p.ParentProcessId; age = $age }
  })
} catch { Note 'processes' $_ }

# Steps 2-4: the agent's files, the user identifiers, the hosts file.
$Out.files = @{
  config = ReadFile "$Base\ilogtail_config.json"
  app_info = ReadFile "$Base\app_info.json"
  user_defined_id = ReadFile 'C:\LogtailData\user_defined_id'
  hosts = ReadFile "$env:SystemRoot\System32\drivers\etc\hosts"
}

$Users = 'C:\LogtailData\users'
$Out.users = @{ state = 1; files = @(); dirs = @() }
try {
  if (Test-Path -LiteralPath $Users -PathType Container) {
    $Out.users.state = 3
    $all = @(Get-ChildItem -LiteralPath $Users -Force | Select-Object -First 200)
    $Out.users.files = @($all | Where-Object { -not $_.PSIsContainer } | ForEach-Object { [string]$_.Name })
    $Out.users.dirs = @($all | Where-Object { $_.PSIsContainer } | ForEach-Object { [string]$_.Name })
    $Out.users.state = 0
  } elseif (Test-Path -LiteralPath $Users) {
    $Out.users.state = 2
  }
} catch { Note 'users' $_ }

# Step 3: the addresses the agent chooses its IP from.
$Out.nics = @()
try {
  $Out.nics = @(Get-NetIPAddress -AddressFamily IPv4 | ForEach-Object { @{ nic = [string]$_.InterfaceAlias; ip = [string]$_.IPAddress; prefix = [int]$_.PrefixLength } })
} catch {
  Note 'Get-NetIPAddress' $_
  try {
    $Out.nics = @(foreach ($n in [Net.NetworkInformation.NetworkInterface]::GetAllNetworkInterfaces()) {
      foreach ($a in $n.GetIPProperties().UnicastAddresses) {
        if ($a.Address.AddressFamily -eq 'InterNetwork') {
          $bits = 0
          foreach ($b in $a.IPv4Mask.GetAddressBytes()) { $bits += ([Convert]::ToString($b, 2) -replace '0', '').Length }
          @{ nic = [string]$n.Name; ip = [string]$a.Address; prefix = $bits }
        }
      }
    })
  } catch { Note 'NetworkInterface' $_ }
}
$Out.resolved = @()
$Out.resolve_error = $null
try { if ($Out.hostname -ne '') { $Out.resolved = @(Resolve4 $Out.hostname) } } catch { $Out.resolve_error = [string]$_.Exception.Message }

# Step 2: the config server(s) named in the config, at most 4, only URLs of
# plain host/path characters; each also as https://. Per URL: name resolution,
# a TCP connect (the guide's `telnet host 80`), then an HTTP GET.
$Urls = @()
try {
  if ($Out.files.config.state -eq 0) {
    $doc = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($Out.files.config.data)) | ConvertFrom-Json
    foreach ($key in 'config_server_address', 'config_servers') {
      $prop = $doc.PSObject.Properties[$key]
      if ($null -ne $prop) {
        foreach ($v in @($prop.Value)) {
          if ($v -is [string] -and $v.Trim() -cmatch '^https?://[A-Za-z0-9._:/-]+$' -and $Urls.Count -lt 4) { $Urls += $v.Trim() }
        }
      }
    }
  }
} catch { Note 'config servers' $_ }
$Tests = @()
foreach ($u in $Urls) {
  foreach ($t in @($u, ('https://' + $u.Substring($u.IndexOf('://') + 3)))) {
    if ($Tests -cnotcontains $t) { $Tests += $t }
  }
}
try { [Net.ServicePointManager]::SecurityProtocol = [Net.ServicePointManager]::SecurityProtocol -bor 3072 } catch { Note 'tls12' $_ }

$Out.net = @(foreach ($t in $Tests) {
  $o = @{ url = $t; port = 0; dns = @(); dns_error = $null; tcp = $null; tcp_error = $null; status = $null; body = ''; date = $null; http = $null; http_error = $null; http_wait = $null }
  try {
    $uri = [Uri]$t
    $o.port = $uri.Port
    try { $o.dns = @(Resolve4 $uri.DnsSafeHost) } catch { $o.dns_error = [string]$_.Exception.Message }
    if ($null -eq $o.dns_error -and $o.dns.Count -eq 0) { $o.dns_error = 'no IPv4 address' }
    if ($null -eq $o.dns_error) {
      $wait = StepWait
      $c = [Activator]::CreateInstance([Net.Sockets.TcpClient])
      try {
        $a = $c.BeginConnect($uri.DnsSafeHost, $uri.Port, $null, $null)
        if ($a.AsyncWaitHandle.WaitOne($wait)) { $c.EndConnect($a); $o.tcp = 'ok' } else { $o.tcp = 'timeout'; $o.tcp_error = "timed out after $wait ms" }
      } catch {
        $e = Inner $_
        $o.tcp = if ($e -is [Net.Sockets.SocketException]) { [string]$e.SocketErrorCode } else { 'error' }
        $o.tcp_error = [string]$e.Message
      } finally { $c.Close() }
    }
    if ($o.tcp -eq 'ok') {
      $sec = [int][Math]::Ceiling((StepWait) / 1000)
      $o.http_wait = $sec
      if ($sec -lt 1) {
        $o.http_error = 'not tried: the probe ran out of time'
      } else {
        try {
          $r = Invoke-WebRequest -Uri $t -Method Get -UseBasicParsing -TimeoutSec $sec
          $o.http = 'ok'
          $o.status = [int]$r.StatusCode
          $o.date = DateOf $r.Headers
          $s = $r.RawContentStream
          if ($s.CanSeek) { $s.Position = 0 }
          $o.body = ReadB64 $s
        } catch [Net.WebException] {
          $err = $_
          $ex = $err.Exception
          $o.http = [string]$ex.Status
          $o.http_error = [string]$ex.Message
          if ($null -ne $ex.Response) {
            $o.status = [int]$ex.Response.StatusCode
            # Windows PowerShell may have read the error body already: rewind it,
            # else take the copy it keeps in ErrorDetails.
            try {
              $o.date = DateOf $ex.Response.Headers
              $s = $ex.Response.GetResponseStream()
              if ($s.CanSeek) { $s.Position = 0 }
              $o.body = ReadB64 $s
            } catch { Note "body of $t" $_ }
            if ($o.body -eq '' -and $null -ne $err.ErrorDetails) { $o.body = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes([string]$err.ErrorDetails.Message)) }
          }
        } catch {
          $o.http = 'error'
          $o.http_error = [string](Inner $_).Message
        }
      }
    }
  } catch { Note "url $t" $_ }
  $o
})

$json = ConvertTo-Json -InputObject $Out -Depth 6 -Compress
[Console]::Out.WriteLine('LTD-WINDOWS-PROBE 1 ' + [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($json)))
[Console]::Out.Flush()
